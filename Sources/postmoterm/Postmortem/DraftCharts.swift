import Foundation
import PostmotermCore

/// The SVG charts written beside a postmortem draft (`export --output`, the console's `e`):
/// `postmortem-ID-share.svg`, `-5xx.svg`, `-cpu.svg` next to `postmortem-ID.md`, linked from it.
enum DraftCharts {
    /// The incident's history, when the store keeps one.
    static func history(of incident: IncidentID, in store: any IncidentStore) throws -> [CounterHistoryBucket] {
        guard let store = store as? any CounterHistoryStore else { return [] }
        return try store.history(of: incident)
    }

    /// Writes the charts of `history` beside `draftPath` and returns their links (relative to the
    /// draft); none without history.
    static func write(
        history: [CounterHistoryBucket], events: [Event], beside draftPath: String
    ) throws -> [(title: String, path: String)] {
        let charts = PostmortemChart.charts(history: CounterHistory(buckets: history), events: events)
        let directory = (draftPath as NSString).deletingLastPathComponent
        var stem = (draftPath as NSString).lastPathComponent
        if (stem as NSString).pathExtension.lowercased() == "md" { stem = (stem as NSString).deletingPathExtension }
        var links: [(title: String, path: String)] = []
        for chart in charts {
            let name = "\(stem)-\(chart.kind.rawValue).svg"
            try DraftFile.write(Data(chart.svg.utf8), toPath: (directory as NSString).appendingPathComponent(name))
            links.append((chart.kind.title, Self.linkTarget(name)))
        }
        return links
    }

    /// A file name as a Markdown link target (spaces and parentheses escaped).
    static func linkTarget(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "()"))) ?? name
    }
}
