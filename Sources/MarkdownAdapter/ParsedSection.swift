import PostmotermCore

/// One section of a markdown text, parsed and converted.
struct ParsedSection: Sendable {
    var blocks: [MarkdownBlock]
    /// Whether a top-level heading line right after the section would start a block of its own
    /// (see ``CmarkDocumentReader/lastBlockEndsBeforeHeading(_:)``): the condition for the next
    /// section to have been parsed correctly on its own.
    var endsOutsideOpenBlock: Bool
}
