/// Orders the health table's rows: servers worst first, each pool's servers together followed by
/// its `BACKEND` row (pools with the worst server first), then the `FRONTEND` rows. A folded pool
/// shows its `BACKEND` row only. Rows without any `BACKEND` or `FRONTEND` row among them (a
/// source that reports none) keep the plain worst-first order over all pools.
///
/// Linear in the rows but for the sort of pools (a handful): the mapping hands each pool's rows
/// together, so a pool is looked up only where the pool changes. The order is worked out on the
/// rows' indices and the rows are copied once, into the table (a row is 800 bytes and a dozen
/// references: under traffic, copying 1,003 of them through each step of the grouping was a fifth
/// of the console's instructions); a table already in order is the rows themselves, uncopied.
enum HealthLayout {
    static func arrange(_ rows: [HealthRow], collapsed: Set<HealthPoolKey>) -> [HealthRow] {
        let order = arrangement(rows, collapsed: collapsed)
        var inPlace = order.count == rows.count
        for position in order.indices where inPlace && order[position] != position { inPlace = false }
        if inPlace { return rows }
        var arranged: [HealthRow] = []
        arranged.reserveCapacity(order.count)
        rows.withUnsafeBufferPointer { rows in
            for index in order { arranged.append(rows[index]) }
        }
        return arranged
    }

    /// The indices of `rows` in the order the table shows them (a folded pool's servers left out).
    static func arrangement(_ rows: [HealthRow], collapsed: Set<HealthPoolKey>) -> [Int] {
        rows.withUnsafeBufferPointer { rows in
            var severities: [Int] = []
            severities.reserveCapacity(rows.count)
            var hasSummary = false
            for index in rows.indices {
                severities.append(rows[index].severity)
                if rows[index].kind != .server { hasSummary = true }
            }
            guard hasSummary else { return worstFirst(Array(rows.indices), severities: severities) }

            // Group rows by pool, in order of first appearance.
            var groups: [(key: HealthPoolKey, servers: [Int], backend: Int?, worst: Int)] = []
            var groupIndex: [HealthPoolKey: Int] = [:]
            var frontends: [Int] = []
            var current = -1
            for index in rows.indices {
                if rows[index].kind == .frontend {
                    frontends.append(index)
                    continue
                }
                if current < 0 || groups[current].key.pool != rows[index].pool || groups[current].key.source != rows[index].source {
                    let key = HealthPoolKey(source: rows[index].source, pool: rows[index].pool)
                    if let known = groupIndex[key] {
                        current = known
                    } else {
                        current = groups.count
                        groupIndex[key] = current
                        groups.append((key, [], nil, Int.min))
                    }
                }
                if rows[index].kind == .backend {
                    groups[current].backend = index
                } else {
                    groups[current].servers.append(index)
                    groups[current].worst = max(groups[current].worst, severities[index])
                }
            }
            let order = groups.indices.sorted { lhs, rhs in
                groups[lhs].worst != groups[rhs].worst ? groups[lhs].worst > groups[rhs].worst : lhs < rhs
            }
            var arranged: [Int] = []
            arranged.reserveCapacity(rows.count)
            for group in order {
                if !collapsed.contains(groups[group].key) || groups[group].backend == nil {
                    arranged.append(contentsOf: worstFirst(groups[group].servers, severities: severities))
                }
                if let backend = groups[group].backend { arranged.append(backend) }
            }
            arranged.append(contentsOf: frontends)
            return arranged
        }
    }

    /// `indices` by severity, highest first; equal severity keeps their order. A stable bucket
    /// pass per severity present (there are a handful), and `indices` as they are when all have
    /// the same one — the usual quiet table.
    static func worstFirst(_ indices: [Int], severities: [Int]) -> [Int] {
        guard let first = indices.first, indices.contains(where: { severities[$0] != severities[first] }) else { return indices }
        // The severities present, collected without hashing (a handful among 1,000 rows).
        var levels: [Int] = []
        for index in indices where !levels.contains(severities[index]) { levels.append(severities[index]) }
        var ordered: [Int] = []
        ordered.reserveCapacity(indices.count)
        for level in levels.sorted(by: >) {
            for index in indices where severities[index] == level { ordered.append(index) }
        }
        return ordered
    }
}
