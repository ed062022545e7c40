/// Hands out ids unique within one playbook: the second `mitigate.restart-api` becomes
/// `mitigate.restart-api-2`. Suffixes depend only on earlier equal ids, so changing one step
/// never changes the id of another unless both had the same text.
struct UniqueIdentifiers {
    private var taken: Set<String> = []

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
        var n = 2
        while !taken.insert("\(base)-\(n)").inserted { n += 1 }
        return "\(base)-\(n)"
    }
}
