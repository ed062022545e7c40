/// What hatop shows of a server, backend or frontend row beyond traffic shares: bytes, HTTP
/// responses by class, error counters, check fails/downs, downtime and session limits.
///
/// Cumulative counters as the balancer reports them (HAProxy `show stat`; Envoy where its admin
/// API has an equivalent). Stored inline as plain integers, `UInt64.max` meaning "not reported"
/// (HAProxy leaves a field empty where it does not apply, e.g. `econ` on a frontend), so a poll
/// that changes counters allocates nothing and an instance grows by 17 words, not 17 optionals.
/// 5xx responses are not repeated here: they are ``InstanceCounters/responses5xx``.
public struct TrafficDetail: Sendable, Hashable {
    /// One figure, named as hatop's column; `haproxyName` is the `show stat` header name.
    public enum Field: Int, CaseIterable, Sendable {
        case bytesIn, bytesOut
        case responses1xx, responses2xx, responses3xx, responses4xx, responsesOther
        case connectionErrors, requestErrors, responseErrors, deniedRequests, deniedResponses
        case checkFailures, checkDowns, downtimeSeconds
        case sessionLimit, maxSessions

        /// The column in HAProxy's `show stat` CSV (and the `health --json` key of the classes).
        public var haproxyName: StaticString {
            switch self {
            case .bytesIn: "bin"
            case .bytesOut: "bout"
            case .responses1xx: "hrsp_1xx"
            case .responses2xx: "hrsp_2xx"
            case .responses3xx: "hrsp_3xx"
            case .responses4xx: "hrsp_4xx"
            case .responsesOther: "hrsp_other"
            case .connectionErrors: "econ"
            case .requestErrors: "ereq"
            case .responseErrors: "eresp"
            case .deniedRequests: "dreq"
            case .deniedResponses: "dresp"
            case .checkFailures: "chkfail"
            case .checkDowns: "chkdown"
            case .downtimeSeconds: "downtime"
            case .sessionLimit: "slim"
            case .maxSessions: "smax"
            }
        }
    }

    private static let absent = UInt64.max
    private var values: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64
    ) = (
        absent, absent, absent, absent, absent, absent, absent, absent, absent, absent, absent, absent, absent, absent, absent,
        absent, absent
    )

    public init() {}

    /// The figure, `nil` when the balancer did not report it.
    public subscript(_ field: Field) -> UInt64? {
        get {
            let value = withUnsafeBytes(of: values) { $0.load(fromByteOffset: field.rawValue * 8, as: UInt64.self) }
            return value == Self.absent ? nil : value
        }
        set {
            let value = newValue.map { min($0, Self.absent - 1) } ?? Self.absent
            withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: value, toByteOffset: field.rawValue * 8, as: UInt64.self) }
        }
    }

    /// Whether any figure is reported.
    public var isEmpty: Bool { Field.allCases.allSatisfy { self[$0] == nil } }

    /// Word by word: every poll compares each shown row's detail (a byte-wise `elementsEqual`
    /// over the 136 bytes was a fifth of an idle console's instructions at 1,003 servers).
    public static func == (lhs: TrafficDetail, rhs: TrafficDetail) -> Bool {
        withUnsafeBytes(of: lhs.values) { left in
            withUnsafeBytes(of: rhs.values) { right in
                var same = true
                for offset in stride(from: 0, to: left.count, by: 8) {
                    same = same && left.load(fromByteOffset: offset, as: UInt64.self) == right.load(fromByteOffset: offset, as: UInt64.self)
                }
                return same
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: values) { hasher.combine(bytes: $0) }
    }
}
