/// Values kept for each instance of one pool from the previous sample, in the order the source
/// listed them, so the next sample finds each by position (one name comparison) and builds a
/// name index only when the order changed — no per-instance string keys to build or hash.
/// When a sample lists the same names in the same order as the last one (the usual poll), the
/// values are replaced in place (``hasNames(of:)``, ``replace(_:at:)``): nothing to allocate,
/// append or free.
struct PerInstance<Value: Sendable>: Sendable {
    private var names: [String] = []
    private var values: [Value] = []
    private var index: [String: Int]?

    init(capacity: Int = 0) {
        names.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    mutating func append(_ value: Value, for name: String) {
        names.append(name)
        values.append(value)
    }

    /// The value kept for `name`, looked for at `position` first.
    mutating func find(_ name: String, at position: Int) -> Value? {
        if position < names.count, names[position] == name { return values[position] }
        if index == nil {
            var built: [String: Int] = [:]
            for (offset, known) in names.enumerated() { built[known] = offset }
            index = built
        }
        return index?[name].map { values[$0] }
    }

    /// Whether the kept names are those of `instances`, in the same order: then the value kept
    /// for each instance is the one at its own position (what ``find(_:at:)`` would return).
    func hasNames(of instances: UnsafeBufferPointer<BalancerInstance>) -> Bool {
        guard names.count == instances.count else { return false }
        for position in instances.indices where names[position] != instances[position].name { return false }
        return true
    }

    /// The value at `position` (a position below the count of ``hasNames(of:)``'s instances).
    func value(at position: Int) -> Value { values[position] }

    /// Replaces the value at `position`, kept for the same name.
    mutating func replace(_ value: Value, at position: Int) { values[position] = value }

    /// The values in place, in the order of their names (for updating them without a copy).
    mutating func withValues<R>(_ body: (UnsafeMutableBufferPointer<Value>) -> R) -> R {
        values.withUnsafeMutableBufferPointer { body($0) }
    }
}
