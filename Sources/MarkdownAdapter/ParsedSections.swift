import PostmotermCore
import Synchronization

/// The sections of one text as the tasks that parse them finish, in any order.
final class ParsedSections: Sendable {
    private let slots: Mutex<[ParsedSection?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func store(_ section: ParsedSection, at index: Int) {
        slots.withLock { $0[index] = section }
    }

    /// The blocks of all sections in order; `nil` when a section is missing or one before the
    /// last ends inside a block that could have taken the next section's heading line.
    func joined() -> [MarkdownBlock]? {
        slots.withLock { slots -> [MarkdownBlock]? in
            var blocks: [MarkdownBlock] = []
            blocks.reserveCapacity(slots.reduce(0) { $0 + ($1?.blocks.count ?? 0) })
            for (index, slot) in slots.enumerated() {
                guard let section = slot else { return nil }
                if index < slots.count - 1, !section.endsOutsideOpenBlock { return nil }
                blocks.append(contentsOf: section.blocks)
            }
            return blocks
        }
    }
}
