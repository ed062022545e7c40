/// A section that describes rather than instructs (Overview, Meaning, Impact, References, …):
/// shown with the playbook, never a step.
public struct ContextSection: Sendable, Hashable, Encodable {
    public var title: String
    public var line: Int
    /// The section's text: paragraphs, `- ` items and code, one block per line.
    public var text: String

    public init(title: String, line: Int, text: String) {
        self.title = title
        self.line = line
        self.text = text
    }
}
