/// Counts over all instances, shown in the health pane's title.
public struct HealthSummary: Sendable, Hashable {
    /// Server rows (not `BACKEND` or `FRONTEND` rows).
    public var instances = 0
    public var down = 0
    public var skewed = 0
    public var breakersOpen = 0
    /// More than one pool: names are shown as `pool/instance`.
    public var multiplePools = false
    /// The widest name the INSTANCE column shows (`pool/instance` with several pools,
    /// `- pool BACKEND`, `name FRONTEND`), in UTF-8 bytes: what the column asks for before the
    /// optional columns take the width.
    public var longestName = 0

    public init() {}
}
