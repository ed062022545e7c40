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

    /// All sections in order, taken out (each result stays uniquely referenced); `nil` when
    /// one is missing.
    func taken() -> [ParsedSection]? {
        slots.withLock { slots -> [ParsedSection]? in
            var taken: [ParsedSection] = []
            taken.reserveCapacity(slots.count)
            for index in slots.indices {
                guard let section = slots[index] else { return nil }
                slots[index] = nil
                taken.append(section)
            }
            return taken
        }
    }
}
