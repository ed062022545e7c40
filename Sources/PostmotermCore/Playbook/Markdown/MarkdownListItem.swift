/// One item of a list; a GFM task-list item (`- [ ]`, `- [x]`) carries its checkbox.
public struct MarkdownListItem: Sendable, Hashable {
    /// The checkbox of a task-list item.
    public enum TaskState: Sendable, Hashable {
        /// `[ ]`
        case unchecked
        /// `[x]` or `[X]`
        case checked
    }

    /// `nil` for an ordinary item.
    public var task: TaskState?
    public var blocks: [MarkdownBlock]
    /// The position of the list marker.
    public var position: SourcePosition

    public init(task: TaskState?, blocks: [MarkdownBlock], position: SourcePosition) {
        self.task = task
        self.blocks = blocks
        self.position = position
    }
}
