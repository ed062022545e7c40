/// A document cut into title, preamble and sections by its headings.
///
/// The title is a `#` heading that comes before any other heading when no other `#` heading
/// exists. The section level is the shallowest level among the remaining headings; deeper
/// headings are subsections inside a section.
struct DocumentOutline {
    /// A heading of the section level and the blocks up to the next one.
    struct Section {
        var title: String
        var position: SourcePosition
        /// Blocks of the section, subsection headings included.
        var blocks: [MarkdownBlock]
    }

    var title: [MarkdownInline]?
    /// Blocks before the first section heading (title excluded).
    var preamble: [MarkdownBlock] = []
    var sections: [Section] = []
    var sectionLevel: Int
    /// Whether there is anything but HTML (comments) in the document.
    var hasBody: Bool
    var firstContentPosition: SourcePosition

    init(blocks: [MarkdownBlock]) {
        var headingLevels: [Int] = []
        var firstHeadingIndex: Int?
        for (index, block) in blocks.enumerated() {
            if case .heading(let level, _, _) = block {
                headingLevels.append(level)
                if firstHeadingIndex == nil { firstHeadingIndex = index }
            }
        }
        var titleIndex: Int?
        if let first = firstHeadingIndex, case .heading(1, let inlines, _) = blocks[first],
           headingLevels.dropFirst().allSatisfy({ $0 > 1 }) {
            titleIndex = first
            title = inlines
        }
        let remainingLevels = titleIndex == nil ? headingLevels : Array(headingLevels.dropFirst())
        sectionLevel = remainingLevels.min() ?? 2

        let content = blocks.filter { if case .html = $0 { return false } else { return true } }
        hasBody = !content.isEmpty
        firstContentPosition = content.first?.position ?? .start

        for (index, block) in blocks.enumerated() where index != titleIndex {
            if case .heading(let level, let inlines, let position) = block, level <= sectionLevel {
                sections.append(Section(title: InlineText.plain(inlines), position: position, blocks: []))
            } else if sections.isEmpty {
                preamble.append(block)
            } else {
                sections[sections.count - 1].blocks.append(block)
            }
        }
        if preamble.allSatisfy({ if case .html = $0 { return true } else { return false } }) {
            preamble = []
        }
    }
}
