/// Size caps for balancer answers: large enough for tens of thousands of servers, small enough that
/// a misbehaving endpoint cannot eat the console's memory.
public enum BalancerSourceLimits {
    /// Default cap on one answer, in bytes (32 MiB; 1,000 HAProxy servers are about 0.5 MiB).
    public static let defaultResponseLimit = 32 * 1024 * 1024
    /// Default timeout of one poll of one source, in seconds.
    public static let defaultTimeout = 3.0
}
