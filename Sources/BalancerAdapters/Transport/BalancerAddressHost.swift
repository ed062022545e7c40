/// `host:port` with IPv6 hosts bracketed.
enum BalancerAddressHost {
    static func format(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
