/// What one poll says about an instance apart from its traffic — names, address, status,
/// weights, check and breaker evidence — held once and shared by every ``BalancerInstance`` value
/// that carries it: copying an instance retains this one object instead of its six strings.
///
/// The parser gives an instance the previous poll's profile again when its row says the same
/// (``HAProxyPreviousAnswer``), so from one poll to the next a steady table allocates, copies and
/// frees no profile at all. Immutable (a changed field is a new profile), so reading a field
/// costs no exclusivity check and the class is `Sendable` as it is.
@usableFromInline
final class InstanceProfile: Sendable {
    /// The values themselves.
    struct Fields: Sendable, Hashable {
        var source: String
        var pool: String
        var name: String
        var address: String?
        var status: InstanceStatus
        var effectiveWeight: Int
        var configuredWeight: Int
        /// The weight in the configuration file (HAProxy `iweight`), when the balancer says.
        var initialWeight: Int? = nil
        var checkStatus: String
        var checkDescription: String
        var breakerEvidence: BreakerEvidence
    }

    // One stored property per field, not one `Fields`: a read of one field (`profile.name`)
    // then loads just that field. Through a stored `Fields`, callers in other modules copied the
    // whole struct — every string retained and released, 150 bytes moved — for each field read.
    @usableFromInline let source: String
    @usableFromInline let pool: String
    @usableFromInline let name: String
    @usableFromInline let address: String?
    @usableFromInline let status: InstanceStatus
    @usableFromInline let effectiveWeight: Int
    @usableFromInline let configuredWeight: Int
    @usableFromInline let initialWeight: Int?
    @usableFromInline let checkStatus: String
    @usableFromInline let checkDescription: String
    @usableFromInline let breakerEvidence: BreakerEvidence

    /// All the fields as one value (built on demand).
    var fields: Fields {
        Fields(source: source, pool: pool, name: name, address: address, status: status, effectiveWeight: effectiveWeight,
               configuredWeight: configuredWeight, initialWeight: initialWeight, checkStatus: checkStatus,
               checkDescription: checkDescription, breakerEvidence: breakerEvidence)
    }

    @inline(__always)
    init(_ fields: consuming Fields) {
        source = fields.source
        pool = fields.pool
        name = fields.name
        address = fields.address
        status = fields.status
        effectiveWeight = fields.effectiveWeight
        configuredWeight = fields.configuredWeight
        initialWeight = fields.initialWeight
        checkStatus = fields.checkStatus
        checkDescription = fields.checkDescription
        breakerEvidence = fields.breakerEvidence
    }

    /// A new profile with `change` made to a copy of the fields.
    @inline(__always)
    func changing(_ change: (inout Fields) -> Void) -> InstanceProfile {
        var copy = fields
        change(&copy)
        return InstanceProfile(copy)
    }

    /// Whether both say the same (the same object, or equal field by field).
    @inline(__always)
    func same(as other: InstanceProfile) -> Bool {
        self === other
            || (name == other.name && status == other.status && effectiveWeight == other.effectiveWeight
                && configuredWeight == other.configuredWeight && initialWeight == other.initialWeight && checkStatus == other.checkStatus
                && breakerEvidence == other.breakerEvidence && address == other.address && pool == other.pool
                && checkDescription == other.checkDescription && source == other.source)
    }
}
