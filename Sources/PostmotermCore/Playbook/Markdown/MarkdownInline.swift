/// Inline content of a markdown block, as the markdown adapter hands it to the core.
///
/// Only what the playbook builder interprets is kept; everything else is reduced to text.
public enum MarkdownInline: Sendable, Hashable {
    /// Literal text.
    case text(String)
    /// An inline code span, verbatim (without its backticks).
    case code(String, SourcePosition)
    /// `*…*` or `_…_`.
    case emphasis([MarkdownInline])
    /// `**…**`; the position of its opening delimiter.
    case strong([MarkdownInline], SourcePosition)
    /// `~~…~~`.
    case strikethrough([MarkdownInline])
    /// `[text](destination)`.
    case link(destination: String, [MarkdownInline])
    /// `![alt](source)`.
    case image(source: String, [MarkdownInline])
    /// Raw inline HTML such as `<!-- id: drain -->`.
    case html(String)
    /// A line ending inside a paragraph.
    case softBreak
    /// A hard line break (two trailing spaces or a backslash).
    case lineBreak
}
