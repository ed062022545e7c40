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
        haproxy(info: Array(text.utf8))
    }

    /// ``haproxy(info:)-(String)`` on the answer's bytes, as the poll reads it at every refresh:
    /// the five keys are matched in place and only the version becomes a string (splitting the
    /// 80 lines into trimmed strings was a tenth of a console's instructions at every poll).
    public static func haproxy(info bytes: [UInt8]) -> BalancerProcess? {
        bytes.withUnsafeBufferPointer { buffer -> BalancerProcess? in
            guard let base = buffer.baseAddress else { return nil }
            var process = BalancerProcess(version: "")
            var sawVersion = false
            var lineStart = 0
            while lineStart < buffer.count {
                let lineEnd = ByteScan.lineEnd(buffer, from: lineStart)
                var colon = lineStart
                while colon < lineEnd, base[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon < lineEnd {
                    // The value without the blanks around it (and a CR before the newline).
                    var valueStart = colon + 1, valueEnd = lineEnd
                    while valueStart < valueEnd, base[valueStart] == ByteScan.space || base[valueStart] == UInt8(ascii: "\t") { valueStart += 1 }
                    while valueEnd > valueStart, [ByteScan.space, UInt8(ascii: "\t"), ByteScan.cr].contains(base[valueEnd - 1]) { valueEnd -= 1 }
                    func integer() -> Int? { ByteScan.decimal(base, valueStart, valueEnd).map { Int(clamping: $0) } }
                    if ByteScan.equals(base, lineStart, colon, "Version") {
                        process.version = TerminalSafe.escape(String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self))
                        sawVersion = true
                    } else if ByteScan.equals(base, lineStart, colon, "Uptime_sec") {
                        process.uptimeSeconds = integer()
                    } else if ByteScan.equals(base, lineStart, colon, "CurrConns") {
                        process.currentConnections = integer()
                    } else if ByteScan.equals(base, lineStart, colon, "ConnRate") {
                        process.connectionRate = integer()
                    } else if ByteScan.equals(base, lineStart, colon, "Maxconn") {
                        process.maxConnections = integer()
                    }
                }
                lineStart = lineEnd + 1
            }
            return sawVersion ? process : nil
        }
    }
}
