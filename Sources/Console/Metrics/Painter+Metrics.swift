import PostmotermCore

extension Painter {
    /// A process-metrics column (``HealthColumnID/cpu`` …): the figure, STALE while Prometheus is
    /// down or slow, and without `--metrics` how to get them.
    func metricsColumn(_ id: HealthColumnID) -> HealthColumn {
        let metrics = state.metrics
        let stale = metrics.isStale(now: state.now)
        return HealthColumn(title: id.title, width: id.width, alignRight: true) { row in
            guard row.kind == .server else { return ("", .dim) }
            guard metrics.source != nil else { return (id == .cpu ? "--metrics" : "", .dim) }
            if stale { return ("STALE", .warning) }
            guard let figures = metrics.metrics(pool: row.pool, instance: row.instance, address: row.address) else { return ("-", .dim) }
            switch id {
            case .cpu:
                return (figures.cpuPercent.map { Self.percent($0) } ?? "-", (figures.cpuPercent ?? 0) >= 90 ? .danger : .plain)
            case .memory:
                return (figures.memoryBytes.map { Self.rate($0 / 1_048_576) + "M" } ?? "-", .plain)
            default:
                return (figures.p95Milliseconds.map { Self.rate($0) + "ms" } ?? "-", .plain)
            }
        }
    }
}
