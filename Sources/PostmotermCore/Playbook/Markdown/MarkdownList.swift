/// A bullet or ordered list.
public struct MarkdownList: Sendable, Hashable {
    public var isOrdered: Bool
    public var items: [MarkdownListItem]
    public var position: SourcePosition

    public init(isOrdered: Bool, items: [MarkdownListItem], position: SourcePosition) {
        self.isOrdered = isOrdered
        self.items = items
        self.position = position
    }
}
