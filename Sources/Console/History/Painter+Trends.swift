extension Painter {
    /// Sparkline cells: one a minute over the last 10 minutes (``InstanceTrend``'s cells).
    static let trendCells = 10

    /// A sparkline column of the health table (``HealthColumnID/requestTrend`` …).
    func trendColumn(_ id: HealthColumnID) -> HealthColumn {
        let trends = state.trends
        return HealthColumn(title: id.title, width: id.width, alignRight: false) { row in
            guard row.kind == .server, let trend = trends.trend(of: row) else { return ("", .dim) }
            switch id {
            case .errorTrend:
                let values = trend.errorPercent
                let worst = values.suffix(Self.trendCells).compactMap { $0 }.max() ?? 0
                // Scaled to 5 % at least: a trickle of errors stays low.
                return (Sparkline.text(values, cells: Self.trendCells, perCell: 1, maximum: 5),
                        worst >= 5 ? .danger : (worst >= 1 ? .warning : .dim))
            case .shareTrend:
                return (Sparkline.text(trend.sharePercent, cells: Self.trendCells, perCell: 1, maximum: 100),
                        row.skewed ? .warning : .plain)
            default:
                return (Sparkline.text(trend.requestsPerSecond, cells: Self.trendCells, perCell: 1), .plain)
            }
        }
    }
}
