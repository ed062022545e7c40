/// A silence to create (`POST /api/v2/silences`, the spec's `postableSilence`): who makes it, why,
/// and until when. Encodes as the API takes it.
public struct AlertSilenceRequest: Sendable, Hashable, Encodable {
    public var matchers: [AlertSilence.Matcher]
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var createdBy: String
    public var comment: String

    public init(matchers: [AlertSilence.Matcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String, comment: String) {
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// A silence of exactly `alert` from `now` for `milliseconds`.
    public init(silencing alert: Alert, from now: Timestamp, milliseconds: Int64, createdBy: String, comment: String) {
        self.init(matchers: AlertSilence.matchers(for: alert), startsAt: now, endsAt: now.adding(milliseconds: milliseconds),
                  createdBy: createdBy, comment: comment)
    }
}
