/// An item of the Follow-up section: a corrective task for the postmortem.
public struct FollowUp: Sendable, Hashable {
    /// Stable id, `follow-up.<slug of the text>`.
    public var id: String
    public var text: String
    public var line: Int
    /// Owning role (`**[ops]**`), if tagged.
    public var role: String?
    /// Nested text under the item.
    public var details: String

    public init(id: String, text: String, line: Int, role: String? = nil, details: String = "") {
        self.id = id
        self.text = text
        self.line = line
        self.role = role
        self.details = details
    }
}
