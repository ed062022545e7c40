import Foundation

/// The balancer process itself, as hatop's header shows it (HAProxy `show info`: `Version`,
/// `Uptime_sec`, `CurrConns`, `ConnRate`, `Maxconn`).
public struct BalancerProcess: Sendable, Hashable {
    /// `2.6.12-1+deb12u1`, escaped.
    public var version: String
    public var uptimeSeconds: Int?
    /// Connections open now.
    public var currentConnections: Int?
    /// New connections per second over the last second.
    public var connectionRate: Int?
    /// The process's connection limit.
    public var maxConnections: Int?

    public init(
        version: String, uptimeSeconds: Int? = nil, currentConnections: Int? = nil, connectionRate: Int? = nil,
        maxConnections: Int? = nil
    ) {
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.currentConnections = currentConnections
        self.connectionRate = connectionRate
        self.maxConnections = maxConnections
    }

    /// Reads HAProxy's `show info` answer (`Name: value` lines); `nil` when it has no `Version`
    /// line (not a `show info` answer). Linear in the answer; unknown lines are skipped.
    public static func haproxy(info text: String) -> BalancerProcess? {
        var process = BalancerProcess(version: "")
        var sawVersion = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "Version":
                process.version = TerminalSafe.escape(value)
                sawVersion = true
            case "Uptime_sec": process.uptimeSeconds = Int(value)
            case "CurrConns": process.currentConnections = Int(value)
            case "ConnRate": process.connectionRate = Int(value)
            case "Maxconn": process.maxConnections = Int(value)
            default: break
            }
        }
        return sawVersion ? process : nil
    }
}
