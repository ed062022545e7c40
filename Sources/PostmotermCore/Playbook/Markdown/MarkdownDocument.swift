/// A parsed markdown body: its top-level blocks in document order.
public struct MarkdownDocument: Sendable, Hashable {
    public var blocks: [MarkdownBlock]

    public init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }
}
