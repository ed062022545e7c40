/// A command attached to a step: an inline code span or a code block, verbatim.
public struct StepCommand: Sendable, Hashable {
    /// The code exactly as written (a block without its final line ending).
    public var text: String
    /// The first word of a fenced block's info string (`sh`, `bash`), if any.
    public var language: String?
    public var line: Int
    /// `true` for a fenced or indented code block, `false` for inline code.
    public var isBlock: Bool

    public init(text: String, language: String? = nil, line: Int, isBlock: Bool) {
        self.text = text
        self.language = language
        self.line = line
        self.isBlock = isBlock
    }
}
