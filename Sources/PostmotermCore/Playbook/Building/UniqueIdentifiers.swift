/// Hands out ids unique within one playbook: the second `mitigate.restart-api` becomes
/// `mitigate.restart-api-2`. Suffixes depend only on earlier equal ids, so changing one step
/// never changes the id of another unless both had the same text.
struct UniqueIdentifiers {
    private var taken: Set<String> = []
    /// For each base claimed more than once, the smallest suffix that may still be free: every
    /// suffix below it is taken (ids are never given back), so 50,000 equal step texts cost
    /// 50,000 set insertions rather than 50,000² / 2.
    private var nextSuffix: [String: Int] = [:]

    init(capacity: Int = 0) {
        taken.reserveCapacity(capacity)
    }

    /// Whether `id` is already handed out.
    func contains(_ id: String) -> Bool { taken.contains(id) }

    /// Reserves `id` as is (explicit ids); returns `false` when it was already taken.
    mutating func reserve(_ id: String) -> Bool {
        taken.insert(id).inserted
    }

    /// `base`, or `base-2`, `base-3`, … whichever is free first.
    mutating func claim(_ base: String) -> String {
        if taken.insert(base).inserted { return base }
        var n = nextSuffix[base] ?? 2
        while !taken.insert("\(base)-\(n)").inserted { n += 1 }
        nextSuffix[base] = n + 1
        return "\(base)-\(n)"
    }
}
