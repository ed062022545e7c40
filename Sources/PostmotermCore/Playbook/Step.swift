/// One thing to do: a task-list item, a list item, or a paragraph of a list-less section.
public struct Step: Sendable, Hashable {
    /// How the step was written.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// `- [ ] …` (the house format).
        case task
        /// A plain bullet or numbered item (foreign runbooks).
        case item
        /// A paragraph (or code block) of a section without lists.
        case prose
    }

    /// Stable id, `<phase id>.<slug of the text>` (or the explicit `<!-- id: … -->`): editing,
    /// adding or removing one step does not change the id of any other.
    public var id: String
    /// Id of the phase the step belongs to.
    public var phaseID: String
    public var line: Int
    public var column: Int
    /// The step's first paragraph as plain text (inline code keeps its backticks), owner tag removed.
    public var text: String
    /// Id of the owning role (`**[ops]**`), lower-case.
    public var role: String?
    /// Nested text under the step (paragraphs, sub-items), one block per line.
    public var details: String
    /// Inline code and code blocks of the step, verbatim, in document order.
    public var commands: [StepCommand]
    /// The `###` subsection the step is under, if any.
    public var section: String?
    public var kind: Kind
    /// Whether the markdown box is already ticked (`- [x]`).
    public var isChecked: Bool

    public init(
        id: String, phaseID: String, line: Int, column: Int, text: String, role: String? = nil,
        details: String = "", commands: [StepCommand] = [], section: String? = nil,
        kind: Kind = .task, isChecked: Bool = false
    ) {
        self.id = id
        self.phaseID = phaseID
        self.line = line
        self.column = column
        self.text = text
        self.role = role
        self.details = details
        self.commands = commands
        self.section = section
        self.kind = kind
        self.isChecked = isChecked
    }
}
