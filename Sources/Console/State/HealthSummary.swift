/// Counts over all instances, shown in the health pane's title.
public struct HealthSummary: Sendable, Hashable {
    /// Server rows (not `BACKEND` or `FRONTEND` rows).
    public var instances = 0
    public var down = 0
    public var skewed = 0
    public var breakersOpen = 0
    /// More than one pool: names are shown as `pool/instance`.
    public var multiplePools = false

    public init() {}
}
