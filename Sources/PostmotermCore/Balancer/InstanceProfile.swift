/// What one poll says about an instance apart from its traffic — names, address, status,
/// weights, check and breaker evidence — held once and shared by every ``BalancerInstance`` value
/// that carries it: copying an instance retains this one object instead of its six strings.
///
/// The parser gives an instance the previous poll's profile again when its row says the same
/// (``HAProxyCSVStrings``), so from one poll to the next a steady table allocates, copies and
/// frees no profile at all. Immutable (a changed field is a new profile), so reading a field
/// costs no exclusivity check and the class is `Sendable` as it is.
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
        var checkStatus: String
        var checkDescription: String
        var breakerEvidence: BreakerEvidence
    }

    let fields: Fields

    @inline(__always)
    init(_ fields: consuming Fields) {
        self.fields = fields
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
        self === other || fields == other.fields
    }
}
