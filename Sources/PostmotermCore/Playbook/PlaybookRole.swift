/// A role of the incident team, from the playbook's Roles section:
/// `- **ops** — Operations lead: runs the mitigation.`
public struct PlaybookRole: Sendable, Hashable, Encodable {
    /// Short lower-case id that steps use as owner tag (`**[ops]**`).
    public var id: String
    /// Display name, e.g. `Incident Commander`.
    public var name: String
    /// What the role does (text after the name, plus nested items, one per line).
    public var responsibilities: String
    public var line: Int

    public init(id: String, name: String, responsibilities: String, line: Int) {
        self.id = id
        self.name = name
        self.responsibilities = responsibilities
        self.line = line
    }
}
