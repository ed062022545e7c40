/// What a ``Finding`` is about. The raw values are the `finding` data key of incident events.
public enum FindingKind: String, Sendable, Hashable, Codable, CaseIterable {
    case statusChange
    case weightChange
    /// At the first poll of an instance its weight already differs from the configuration file's
    /// (changed before anyone watched): `from` = configured, `to` = current.
    case weightAtFirstLook
    case weightSkew
    case breakerOpen
    case breakerHalfOpen
    case breakerClosed
    case poolDown
    case poolRecovered
    case errorRate
    case errorRateRecovered
    case sourceUnreachable
    case sourceGarbage
    case sourceRecovered
}
