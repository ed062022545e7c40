/// A section of a playbook that instructs (Triage, Mitigate, Diagnosis, …) and its steps.
public struct Phase: Sendable, Hashable, Encodable {
    /// Stable id: the slug of the title (`mitigate`), made unique within the playbook.
    public var id: String
    public var title: String
    /// Line of the heading (1 for the implicit phase of a document without headings).
    public var line: Int
    /// Prose of the section that is not a step (lead-ins, notes, quotes), one paragraph per line.
    public var summary: String
    public var steps: [Step]

    public init(id: String, title: String, line: Int, summary: String = "", steps: [Step] = []) {
        self.id = id
        self.title = title
        self.line = line
        self.summary = summary
        self.steps = steps
    }
}
