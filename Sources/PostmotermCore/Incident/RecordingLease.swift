/// Who records one balancer's observations for one incident, and until when (issue 13.3: two
/// consoles watching the same balancer each logged every observation).
///
/// The holder renews the lease at every poll; when it stops (quits, crashes, loses the balancer)
/// the lease runs out and the next console to claim it takes over.
public struct RecordingLease: Sendable, Hashable {
    /// The holder's id (one per process: ``newHolderID(host:pid:)``).
    public var holder: String
    /// When the lease runs out unless renewed.
    public var expiresAt: Timestamp
    /// Whether the caller holds it.
    public var isMine: Bool

    public init(holder: String, expiresAt: Timestamp, isMine: Bool) {
        self.holder = holder
        self.expiresAt = expiresAt
        self.isMine = isMine
    }

    /// A holder id for this process: host, pid and a random part (never a user's secret).
    public static func newHolderID(host: String, pid: Int32) -> String {
        "\(host):\(pid):\(UInt32.random(in: 0...UInt32.max))"
    }

    /// How long a lease lasts unless renewed: a few polls, so a dead holder is replaced within
    /// a few seconds.
    public static let defaultMilliseconds: Int64 = 5_000

    /// The lease for polls every `interval` seconds: at least ``defaultMilliseconds``, and three
    /// polls when they are slower than that allows.
    public static func milliseconds(pollInterval interval: Double) -> Int64 {
        max(defaultMilliseconds, Int64((interval * 3 * 1000).rounded(.up)))
    }
}

/// The store's recording leases: one holder per (incident, balancer) at a time, claimed and
/// renewed atomically (several processes may claim at once), timed by the store's clock.
public protocol RecordingLeases: IncidentStore {
    /// Takes the lease of `balancer` (its address without credentials) for `incident` when it is
    /// free, expired or already `holder`'s, for `milliseconds` from now; otherwise leaves it.
    /// Returns the lease as it stands after the call.
    func claimRecording(of balancer: String, for incident: IncidentID, holder: String, milliseconds: Int64) throws
        -> RecordingLease

    /// Gives the lease up at once (an orderly exit), if `holder` has it.
    func releaseRecording(of balancer: String, for incident: IncidentID, holder: String) throws
}
