/// What the last `GET /api/v2/alerts` answer gave, kept by the poller for its next read
/// (``AlertsAnswerReader/alerts(_:previous:)``): its bytes, its alerts, and where each alert lay.
///
/// Prometheus re-sends every firing alert about once a minute, and then, in every alert of the
/// answer, only the values of `updatedAt` and `endsAt` move. So an alert whose bytes are those of
/// an alert of the last answer but for those two values (the first `updatedAt` and `endsAt` keys
/// of the alert's object, as the reader takes them) is that ``Alert`` again with only those two
/// times read anew: no labels, annotations or strings built, the map storage shared. Its bytes are
/// compared with `memcmp` in the parts around the two values. Any other alert (new, changed,
/// written differently) is read in full, and any answer the comparison cannot vouch for is read
/// again from scratch: the result is always the one a read without this memory gives (the unit
/// tests and the `alerts` fuzz target compare the two).
public struct AlertsPreviousAnswer: Sendable {
    /// The last answer's bytes (the caller's array, shared, never copied).
    public internal(set) var body: [UInt8] = []
    /// Its alerts, in answer order.
    public internal(set) var alerts: [Alert] = []
    /// Where each of `alerts` lay in `body`.
    var layouts: [AlertsKnownAlert] = []
    /// How many alerts of the last answer were taken again rather than read (tests and benchmarks).
    public internal(set) var reusedAlerts = 0

    public init() {}

    init(body: [UInt8], alerts: [Alert], layouts: [AlertsKnownAlert], reusedAlerts: Int) {
        self.body = body
        self.alerts = alerts
        self.layouts = layouts
        self.reusedAlerts = reusedAlerts
    }
}

/// Where one alert lay in an answer: its object's bytes, and within them the values of its first
/// `updatedAt` and `endsAt` keys (in the order they came; either may be absent).
struct AlertsKnownAlert: Sendable {
    /// The object's `{` and one past its `}`.
    var start: Int
    var end: Int
    var first: AlertsKnownTime?
    var second: AlertsKnownTime?

    mutating func add(_ time: AlertsKnownTime) {
        if first == nil { first = time } else { second = time }
    }
}

/// The bytes of an `updatedAt` or `endsAt` value (a time or `null`) in an answer.
struct AlertsKnownTime: Sendable {
    var isEndsAt: Bool
    var range: Range<Int>
}
