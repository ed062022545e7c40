import Foundation
import PostmotermCore

/// What the console knows of its instances' process metrics (Prometheus, `--metrics URL`): the
/// latest reading by `instance` label, and whether it is still fresh. A down or slow Prometheus
/// never holds up anything: readings arrive as messages (``ConsoleMessage/instanceMetrics(_:failure:at:)``)
/// and the columns say STALE once the last good one is old.
public struct ConsoleMetrics: Sendable, Hashable {
    /// The metrics server (masked), nil without `--metrics`.
    public var source: String?
    /// Which `instance` label is which server (front matter and config `metrics_instances`).
    public var mapping: InstanceLabelMapping
    /// The latest good reading, by `instance` label.
    public private(set) var byLabel: [String: InstanceMetrics] = [:]
    /// When it was read.
    public private(set) var readAt: Date?
    /// Why the latest attempt failed, if it did.
    public private(set) var failure: String?

    /// A reading older than this is stale.
    public static let staleAfter: TimeInterval = 15

    public init(source: String? = nil, mapping: InstanceLabelMapping = InstanceLabelMapping()) {
        self.source = source
        self.mapping = mapping
    }

    mutating func absorb(_ reading: [String: InstanceMetrics], failure: String?, at time: Date) {
        self.failure = failure
        guard failure == nil else { return }
        byLabel = reading
        readAt = time
    }

    /// Whether the figures shown are not current (the server is down or slow).
    public func isStale(now: Date) -> Bool {
        guard source != nil else { return false }
        guard let readAt else { return failure != nil }
        return failure != nil || now.timeIntervalSince(readAt) > Self.staleAfter
    }

    /// The figures of the instance `name` of `pool` at `address` (by ``mapping``: by default its
    /// address is its label).
    public func metrics(pool: String, instance name: String, address: String?) -> InstanceMetrics? {
        mapping.label(pool: pool, instance: name, address: address).flatMap { byLabel[$0] }
    }
}
