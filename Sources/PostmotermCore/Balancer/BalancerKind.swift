/// Which balancer product a snapshot came from.
public enum BalancerKind: String, Sendable, Hashable, Codable {
    case haproxy
    case envoy
}
