/// A block of a markdown document: the pure tree the markdown adapter builds from cmark-gfm's
/// nodes and the playbook builder interprets. Positions are those of the block's first byte.
public enum MarkdownBlock: Sendable, Hashable {
    /// `#`…`######` headings (and setext headings).
    case heading(level: Int, [MarkdownInline], SourcePosition)
    case paragraph([MarkdownInline], SourcePosition)
    case list(MarkdownList)
    /// A fenced or indented code block: its info string (empty when none) and literal text.
    case codeBlock(info: String, literal: String, SourcePosition)
    case blockQuote([MarkdownBlock], SourcePosition)
    /// A GFM table: rows of cells, the header row first.
    case table(rows: [[[MarkdownInline]]], SourcePosition)
    /// A raw HTML block (comments included).
    case html(String, SourcePosition)
    case thematicBreak(SourcePosition)

    /// Where the block starts.
    public var position: SourcePosition {
        switch self {
        case .heading(_, _, let p), .paragraph(_, let p), .codeBlock(_, _, let p), .blockQuote(_, let p),
             .table(_, let p), .html(_, let p), .thematicBreak(let p):
            return p
        case .list(let list):
            return list.position
        }
    }
}
