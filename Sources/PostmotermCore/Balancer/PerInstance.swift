/// Values kept for each instance of one pool from the previous sample, in the order the source
/// listed them, so the next sample finds each by position (one name comparison) and builds a
/// name index only when the order changed — no per-instance string keys to build or hash.
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
}
