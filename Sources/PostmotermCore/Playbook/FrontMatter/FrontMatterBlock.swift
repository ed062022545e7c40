/// The YAML between the `---` fences at the top of a playbook, not yet parsed.
public struct FrontMatterBlock: Sendable, Hashable {
    /// The YAML text, fences excluded.
    public var yaml: String
    /// The file line of the YAML's first line (the line after the opening `---`).
    public var firstLine: Int
    /// The file line of the closing `---` (or `...`).
    public var closingLine: Int

    public init(yaml: String, firstLine: Int, closingLine: Int) {
        self.yaml = yaml
        self.firstLine = firstLine
        self.closingLine = closingLine
    }
}
