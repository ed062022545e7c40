/// Orders the health table's rows: servers worst first, each pool's servers together followed by
/// its `BACKEND` row (pools with the worst server first), then the `FRONTEND` rows. A folded pool
/// shows its `BACKEND` row only. Rows without any `BACKEND` or `FRONTEND` row among them (a
/// source that reports none) keep the plain worst-first order over all pools.
///
/// Linear in the rows but for the sort of pools (a handful): the mapping hands each pool's rows
/// together, so a pool is looked up only where the pool changes.
enum HealthLayout {
    static func arrange(_ rows: [HealthRow], collapsed: Set<HealthPoolKey>) -> [HealthRow] {
        var hasSummary = false
        for index in rows.indices where rows[index].kind != .server {
            hasSummary = true
            break
        }
        guard hasSummary else { return ConsoleState.worstFirst(rows) }

        // Group rows by pool, in order of first appearance.
        var groups: [(key: HealthPoolKey, servers: [HealthRow], backend: HealthRow?, worst: Int)] = []
        var groupIndex: [HealthPoolKey: Int] = [:]
        var frontends: [HealthRow] = []
        var current = -1
        for row in rows {
            if row.kind == .frontend {
                frontends.append(row)
                continue
            }
            if current < 0 || groups[current].key.pool != row.pool || groups[current].key.source != row.source {
                let key = HealthPoolKey(source: row.source, pool: row.pool)
                if let known = groupIndex[key] {
                    current = known
                } else {
                    current = groups.count
                    groupIndex[key] = current
                    groups.append((key, [], nil, Int.min))
                }
            }
            if row.kind == .backend {
                groups[current].backend = row
            } else {
                groups[current].servers.append(row)
                groups[current].worst = max(groups[current].worst, row.severity)
            }
        }
        let order = groups.indices.sorted { lhs, rhs in
            groups[lhs].worst != groups[rhs].worst ? groups[lhs].worst > groups[rhs].worst : lhs < rhs
        }
        var arranged: [HealthRow] = []
        arranged.reserveCapacity(rows.count)
        for index in order {
            if !collapsed.contains(groups[index].key) || groups[index].backend == nil { arranged.append(contentsOf: ConsoleState.worstFirst(groups[index].servers)) }
            if let backend = groups[index].backend { arranged.append(backend) }
        }
        arranged.append(contentsOf: frontends)
        return arranged
    }
}
