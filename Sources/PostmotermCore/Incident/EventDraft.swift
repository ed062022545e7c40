/// What a caller appends to an incident. The store assigns the sequence and `recordedAt`, and
/// returns the `Event` once it is committed.
public struct EventDraft: Hashable, Sendable {
    public var kind: EventKind
    public var text: String
    public var author: Author
    /// When it happened, if not now (a backdated note).
    public var happenedAt: Timestamp?
    public var data: [String: String]
    /// For an amendment: the sequence of the event it amends.
    public var amends: Int64?

    public init(
        kind: EventKind, text: String, author: Author, happenedAt: Timestamp? = nil,
        data: [String: String] = [:], amends: Int64? = nil
    ) {
        self.kind = kind
        self.text = text
        self.author = author
        self.happenedAt = happenedAt
        self.data = data
        self.amends = amends
    }

    /// A note; `actionItem: true` marks it as a follow-up task for the postmortem.
    public static func note(
        _ text: String, author: Author, happenedAt: Timestamp? = nil, actionItem: Bool = false
    ) -> EventDraft {
        EventDraft(kind: actionItem ? .actionItem : .note, text: text, author: author, happenedAt: happenedAt)
    }

    /// The words a responder gave with `mitigate`/`resolve` (what stopped the impact, what fixed
    /// it): a note at the change's time that says which change it came with, so the draft can
    /// put it beside the change in **Root Cause and Resolution**.
    public static func statusNote(_ text: String, with status: IncidentStatus, author: Author, happenedAt: Timestamp) -> EventDraft {
        EventDraft(kind: .note, text: text, author: author, happenedAt: happenedAt, data: ["statusChange": status.rawValue])
    }

    /// Moves the incident to `status`; the store checks the move and records where it came from.
    public static func statusChange(
        to status: IncidentStatus, author: Author, happenedAt: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(
            kind: .statusChanged, text: "", author: author, happenedAt: happenedAt,
            data: ["to": status.rawValue])
    }

    /// An amendment of the event with sequence `sequence`.
    public static func amendment(of sequence: Int64, _ amendment: Amendment, author: Author) -> EventDraft {
        var data = ["amendment": amendment.name]
        let text: String
        switch amendment {
        case .editText(let newText): text = newText
        case .editTime(let time):
            data["happenedAt"] = time.iso8601
            text = "Moved event \(sequence) to \(time.iso8601)"
        case .star: text = "Starred event \(sequence)"
        case .unstar: text = "Unstarred event \(sequence)"
        case .hide: text = "Hid event \(sequence)"
        case .unhide: text = "Unhid event \(sequence)"
        }
        return EventDraft(kind: .amendment, text: text, author: author, data: data, amends: sequence)
    }
}
