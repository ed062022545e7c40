/// One SVG chart of an incident's history, written beside the draft and linked from it.
public struct PostmortemChart: Sendable, Hashable {
    /// What it shows; its raw value ends the file's name (`postmortem-ID-share.svg`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case share
        case errors = "5xx"
        case cpu

        /// The chart's title (and the image's alt text in the draft).
        public var title: String {
            switch self {
            case .share: return "Traffic share per instance"
            case .errors: return "5xx rate per instance"
            case .cpu: return "CPU per instance"
            }
        }
    }

    public var kind: Kind
    /// The SVG document.
    public var svg: String

    /// The charts of `history` (traffic share, 5xx rate, and CPU when any is known) with the
    /// incident's milestones (start, status changes) and balancer actions and changes marked,
    /// drawn from the visible (amended) `events`. None without history.
    public static func charts(history: CounterHistory, events: [Event]) -> [PostmortemChart] {
        guard let span = history.span else { return [] }
        let marks = Self.marks(TimelineView(events: events).visibleEntries)
        var charts: [PostmortemChart] = []
        for kind in Kind.allCases {
            if kind == .cpu, !history.hasCPU { continue }
            charts.append(PostmortemChart(kind: kind, svg: chart(kind, history: history, from: span.from, until: span.until, marks: marks)))
        }
        return charts
    }

    /// How many instances a chart draws (those with the highest peaks).
    static let drawnInstances = 8

    private static func value(_ kind: Kind, _ point: CounterHistory.Point) -> Double? {
        switch kind {
        case .share: return point.share.map { $0 * 100 }
        case .errors: return point.errorPercent
        case .cpu: return point.cpuPercent
        }
    }

    private static func chart(
        _ kind: Kind, history: CounterHistory, from: Timestamp, until: Timestamp, marks: [SVGLineChart.Mark]
    ) -> String {
        var peaks: [(index: Int, peak: Double)] = []
        for (index, series) in history.series.enumerated() {
            var peak: Double?
            for point in series.points {
                if let value = value(kind, point) { peak = max(peak ?? value, value) }
            }
            if let peak { peaks.append((index, peak)) }
        }
        // Highest peaks first; equal peaks in the balancer's order.
        let chosen = peaks.sorted { $0.peak != $1.peak ? $0.peak > $1.peak : $0.index < $1.index }.prefix(drawnInstances)
        let drawn = chosen.sorted { $0.index < $1.index }
        let sources = Set(history.series.map(\.source))
        let series = drawn.map { entry in
            let instance = history.series[entry.index]
            return SVGLineChart.Series(
                name: sources.count > 1 ? "\(instance.source) \(instance.key)" : instance.key,
                points: instance.points.map { ($0.at, value(kind, $0)) })
        }
        let highest = chosen.first?.peak ?? 0
        let hidden = peaks.count - chosen.count
        let footnote = hidden > 0
            ? "\(hidden) more instances not drawn (peak at most \(SVGLineChart.number(chosen.last?.peak ?? 0)) %)" : nil
        let chart = SVGLineChart(
            title: kind.title, unit: " %", from: from, until: until, series: series, marks: marks,
            yMaximum: kind == .share ? 100 : SVGLineChart.niceMaximum(max(highest, 1)), footnote: footnote)
        return chart.render()
    }

    private static func marks(_ entries: [TimelineEntry]) -> [SVGLineChart.Mark] {
        entries.compactMap { entry in
            switch entry.kind {
            case .incidentStarted:
                return SVGLineChart.Mark(at: entry.time, label: "started", isMilestone: true)
            case .statusChanged:
                return SVGLineChart.Mark(at: entry.time, label: entry.data["to"] ?? "status", isMilestone: true)
            case .balancerAction:
                let command = entry.data["command"] ?? entry.text
                return SVGLineChart.Mark(at: entry.time, label: String(command.prefix(40)), isMilestone: false)
            case .balancerObservation where entry.data["finding"] == FindingKind.weightChange.rawValue:
                let label = "weight \(entry.data["instance"] ?? "?") \(entry.data["from"] ?? "?")→\(entry.data["to"] ?? "?")"
                return SVGLineChart.Mark(at: entry.time, label: String(label.prefix(40)), isMilestone: false)
            default:
                return nil
            }
        }
    }
}
