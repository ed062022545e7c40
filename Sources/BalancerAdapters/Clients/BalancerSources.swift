import PostmotermCore

/// Makes the right ``BalancerSource`` for an address.
public enum BalancerSources {
    /// The source for `address` (credentials already resolved, see ``BalancerCredentialsResolver``).
    public static func make(_ address: BalancerAddress, responseLimit: Int = BalancerSourceLimits.defaultResponseLimit) -> any BalancerSource {
        switch address.endpoint {
        case .haproxyUnix, .haproxyTCP:
            return HAProxyRuntimeClient(address: address, responseLimit: responseLimit)!
        case .haproxyStatsPage:
            return HAProxyStatsPageSource(address: address, responseLimit: responseLimit)!
        case .envoyAdmin:
            return EnvoyAdminSource(address: address, responseLimit: responseLimit)!
        }
    }
}
