/// A stretch of time something on the balancer was down: an instance (`pool/instance`) or a
/// whole pool (`instance == nil`).
public struct Outage: Codable, Hashable, Sendable {
    public var pool: String
    public var instance: String?
    public var from: Timestamp
    /// When it came back; nil when the log ends with it still down.
    public var until: Timestamp?

    public init(pool: String, instance: String?, from: Timestamp, until: Timestamp?) {
        self.pool = pool
        self.instance = instance
        self.from = from
        self.until = until
    }

    /// `api/api-2`, or `api` for a pool.
    public var subject: String { instance.map { "\(pool)/\($0)" } ?? pool }
}
