/// The JSON export: `{format, generatedAt, incident, figures, milestones, followUps, events, timeline}`
/// (`milestones`: ``IncidentMilestones``, a missing one `null`).
/// `events` is the raw log (amendments included, nothing changed); `timeline` is the amended
/// view in time order, hidden entries included with `hidden: true`.
struct PostmortemJSON: Encodable {
    static let formatName = "postmoterm.incident.v1"

    /// One amended timeline entry.
    struct Entry: Encodable {
        var sequence: Int64
        var time: Timestamp
        var recordedAt: Timestamp
        var kind: EventKind
        var author: Author
        var text: String
        var data: [String: String]
        var starred: Bool
        var hidden: Bool
        var edited: Bool
        var amendedBy: [Int64]

        init(_ entry: TimelineEntry) {
            sequence = entry.sequence
            time = entry.time
            recordedAt = entry.event.recordedAt
            kind = entry.kind
            author = entry.author
            text = entry.text
            data = entry.data
            starred = entry.isStarred
            hidden = entry.isHidden
            edited = entry.isTextEdited || entry.time != entry.event.time
            amendedBy = entry.amendedBy
        }
    }

    var format: String
    var generatedAt: Timestamp
    var incident: Incident
    var figures: IncidentFigures
    var milestones: IncidentMilestones
    var followUps: [String]
    var events: [Event]
    var timeline: [Entry]
}
