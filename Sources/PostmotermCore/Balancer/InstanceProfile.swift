/// What one poll says about an instance apart from its traffic — names, address, status,
/// weights, check and breaker evidence — held once and shared by every ``BalancerInstance`` value
/// that carries it: copying an instance retains this one object instead of its six strings.
///
/// The parser gives an instance the previous poll's profile again when its row says the same
/// (``HAProxyCSVStrings``), so from one poll to the next a steady table allocates, copies and
/// frees no profile at all. Immutable while shared: ``BalancerInstance`` copies it before a
/// change unless it holds the only reference (copy on write), which is what makes the class safe
/// to send (`@unchecked Sendable`).
final class InstanceProfile: @unchecked Sendable {
    var source: String
    var pool: String
    var name: String
    var address: String?
    var status: InstanceStatus
    var effectiveWeight: Int
    var configuredWeight: Int
    var checkStatus: String
    var checkDescription: String
    var breakerEvidence: BreakerEvidence

    @inline(__always)
    init(
        source: consuming String, pool: consuming String, name: consuming String, address: consuming String?,
        status: consuming InstanceStatus, effectiveWeight: Int, configuredWeight: Int,
        checkStatus: consuming String, checkDescription: consuming String, breakerEvidence: consuming BreakerEvidence
    ) {
        self.source = source
        self.pool = pool
        self.name = name
        self.address = address
        self.status = status
        self.effectiveWeight = effectiveWeight
        self.configuredWeight = configuredWeight
        self.checkStatus = checkStatus
        self.checkDescription = checkDescription
        self.breakerEvidence = breakerEvidence
    }

    /// A copy to change (copy on write).
    func copy() -> InstanceProfile {
        InstanceProfile(
            source: source, pool: pool, name: name, address: address, status: status, effectiveWeight: effectiveWeight,
            configuredWeight: configuredWeight, checkStatus: checkStatus, checkDescription: checkDescription,
            breakerEvidence: breakerEvidence)
    }

    /// Whether both say the same (the same object, or equal field by field).
    func same(as other: InstanceProfile) -> Bool {
        self === other
            || (effectiveWeight == other.effectiveWeight && configuredWeight == other.configuredWeight
                && name == other.name && pool == other.pool && source == other.source && address == other.address
                && status == other.status && checkStatus == other.checkStatus
                && checkDescription == other.checkDescription && breakerEvidence == other.breakerEvidence)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(pool)
        hasher.combine(name)
        hasher.combine(address)
        hasher.combine(status)
        hasher.combine(effectiveWeight)
        hasher.combine(configuredWeight)
        hasher.combine(checkStatus)
        hasher.combine(checkDescription)
        hasher.combine(breakerEvidence)
    }
}
