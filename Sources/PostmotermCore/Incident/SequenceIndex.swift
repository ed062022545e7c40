/// Where each event sequence sits in an array of timeline entries. Sequences of one incident are
/// dense (1, 2, 3, …), so this is an array from the lowest sequence seen, not a hash table: a
/// 100,000-event timeline indexes in a millisecond.
struct SequenceIndex: Sendable {
    private var base: Int64 = 0
    private var slots: [Int32] = []

    subscript(sequence: Int64) -> Int? {
        get {
            let offset = sequence - base
            guard offset >= 0, offset < Int64(slots.count) else { return nil }
            let slot = slots[Int(offset)]
            return slot < 0 ? nil : Int(slot)
        }
        set {
            if slots.isEmpty { base = sequence }
            if sequence < base {
                slots.insert(contentsOf: repeatElement(-1, count: Int(base - sequence)), at: 0)
                base = sequence
            }
            let offset = Int(sequence - base)
            if offset >= slots.count { slots.append(contentsOf: repeatElement(-1, count: offset - slots.count + 1)) }
            slots[offset] = newValue.map(Int32.init) ?? -1
        }
    }

    mutating func removeAll() {
        slots.removeAll(keepingCapacity: true)
    }
}
