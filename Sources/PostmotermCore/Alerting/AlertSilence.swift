/// A silence in Alertmanager (`GET /api/v2/silences`): it holds back the alerts whose labels
/// match all its matchers from `startsAt` to `endsAt`.
public struct AlertSilence: Sendable, Hashable {
    /// One label condition: `name` equals (or, `isRegex`, matches) `value`; `isEqual` false negates.
    public struct Matcher: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        public var isRegex: Bool
        public var isEqual: Bool

        public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
            self.name = name
            self.value = value
            self.isRegex = isRegex
            self.isEqual = isEqual
        }
    }

    /// `active`, `pending` (starts later) or `expired`, as the API says.
    public enum State: String, Sendable, Hashable, Codable {
        case active, pending, expired
    }

    public var id: String
    public var matchers: [Matcher]
    public var startsAt: Timestamp
    public var endsAt: Timestamp
    public var createdBy: String
    public var comment: String
    public var state: State

    public init(id: String, matchers: [Matcher], startsAt: Timestamp, endsAt: Timestamp, createdBy: String,
                comment: String, state: State) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.state = state
    }

    /// The matchers that silence exactly `alert`: every one of its labels, equal.
    public static func matchers(for alert: Alert) -> [Matcher] {
        alert.labels.sorted { $0.key < $1.key }.map { Matcher(name: $0.key, value: $0.value) }
    }
}
