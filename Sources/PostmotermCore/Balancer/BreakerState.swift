/// The circuit-breaker state of an instance, as far as the balancer shows it.
///
/// - HAProxy: open when `observe … on-error` marked the server down (check status `HANA`, or
///   `hanafail` rising while it is down); half-open while it comes back after a trip (`DOWN n/m`, or
///   slow-start throttling); closed otherwise; not observed when the server has no `observe`.
/// - Envoy: open when the host failed an outlier check (ejected), closed otherwise.
public enum BreakerState: String, Sendable, Hashable, Codable {
    case closed
    case open
    case halfOpen = "half-open"
    case notObserved = "not-observed"

    /// Short label for tables; reads without colour.
    public var label: String {
        switch self {
        case .closed: return "closed"
        case .open: return "OPEN"
        case .halfOpen: return "half-open"
        case .notObserved: return "-"
        }
    }
}
