/// One instance's recent history in the console: request rate, 5xx % and share of traffic
/// weight, one value per 10-second bucket (the value at the bucket's first poll), the newest last.
/// Kept as hundredths in 16 bits (an hour of 1,003 instances is 2 MB, not 4).
public struct InstanceTrend: Sendable, Hashable {
    /// The bucket of the newest value (seconds since the epoch / 10).
    public internal(set) var lastBucket: Int64
    var requests: [UInt16] = []
    var errors: [UInt16] = []
    var shares: [UInt16] = []

    /// Marks a value not known.
    static let unknown = UInt16.max

    init(lastBucket: Int64) {
        self.lastBucket = lastBucket
    }

    /// Requests per second, oldest first (nil: not known).
    public var requestsPerSecond: [Double?] { requests.map(Self.value) }
    /// 5xx as a percentage of responses.
    public var errorPercent: [Double?] { errors.map(Self.value) }
    /// Share of the pool's traffic weight, percent.
    public var sharePercent: [Double?] { shares.map(Self.value) }

    mutating func append(bucket: Int64, requests: Double?, errors: Double?, share: Double?, capacity: Int) {
        // Buckets no poll saw (a gap) are unknown; a gap longer than the window starts over.
        let gap = Int(min(Int64(capacity), max(0, bucket - lastBucket - 1)))
        if !self.requests.isEmpty, gap > 0 {
            for _ in 0..<gap { push(Self.unknown, Self.unknown, Self.unknown, capacity: capacity) }
        }
        push(Self.stored(requests), Self.stored(errors), Self.stored(share), capacity: capacity)
        lastBucket = bucket
    }

    private mutating func push(_ request: UInt16, _ error: UInt16, _ share: UInt16, capacity: Int) {
        requests.append(request)
        errors.append(error)
        shares.append(share)
        if requests.count > capacity {
            let extra = requests.count - capacity
            requests.removeFirst(extra)
            errors.removeFirst(extra)
            shares.removeFirst(extra)
        }
    }

    static func stored(_ value: Double?) -> UInt16 {
        guard let value, value.isFinite else { return unknown }
        return UInt16(max(0, min(Double(unknown - 1), (value * 100).rounded())))
    }

    static func value(_ stored: UInt16) -> Double? {
        stored == unknown ? nil : Double(stored) / 100
    }
}
