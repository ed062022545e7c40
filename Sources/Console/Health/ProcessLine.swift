import Foundation
import PostmotermCore

/// The balancer process as the health pane's process line shows it (hatop's header): version,
/// since when it runs, connections and connection rate. The start time, not the uptime, is kept
/// (to the minute), so a poll of a quiet balancer leaves the state, and the screen, alone.
public struct ProcessLine: Sendable, Hashable {
    /// Escaped by the source.
    public var version: String
    public var startedAt: Date?
    public var connections: Int?
    public var maxConnections: Int?
    /// New connections per second.
    public var connectionRate: Int?

    public init(version: String, startedAt: Date? = nil, connections: Int? = nil, maxConnections: Int? = nil, connectionRate: Int? = nil) {
        self.version = version
        self.startedAt = startedAt
        self.connections = connections
        self.maxConnections = maxConnections
        self.connectionRate = connectionRate
    }

    /// `HAProxy 2.6.12 · up 3h04m · 12/4096 conns · 3 conn/s` at `now`.
    public func text(now: Date) -> String {
        var parts = ["HAProxy " + version]
        if let startedAt { parts.append("up " + ElapsedTime(seconds: max(0, now.timeIntervalSince(startedAt))).compact) }
        if let connections { parts.append(String(connections) + (maxConnections.map { "/" + String($0) } ?? "") + " conns") }
        if let connectionRate { parts.append(String(connectionRate) + " conn/s") }
        return parts.joined(separator: " · ")
    }
}
