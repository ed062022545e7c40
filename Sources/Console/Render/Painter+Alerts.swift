import Foundation
import PostmotermCore

extension Painter {
    /// Firing alerts grouped by alertname (a line per group: name, count, severity), each with
    /// how long it has fired, the labels that say where and its summary; the silenced and
    /// inhibited ones apart below. A non-live Alertmanager is marked in the title (STALE with age).
    mutating func drawAlerts(_ region: Region, focused: Bool) {
        let rows = state.visibleAlerts
        let suppressed = state.alertRows.filter(\.isSuppressed)
        let silenced = suppressed.filter { $0.alert.status.isSilenced }.count
        var detail = "\(state.alertRows.count - suppressed.count) firing"
        if silenced > 0 { detail += " · \(silenced) silenced" }
        if suppressed.count > silenced { detail += " · \(suppressed.count - silenced) inhibited" }
        for source in state.alertSources where !source.state.isLive {
            detail += " · " + safe(source.source) + " " + Self.stateLabel(source.state)
        }
        if let filter = state.filters[.alerts] { detail += " [/" + safe(filter) + "]" }
        drawTitle(region, title: "Alerts", detail: detail, focused: focused)
        let body = region.droppingTop(1)
        guard !rows.isEmpty else {
            let message = state.alertRows.isEmpty ? " Nothing firing." : " No alert matches the filter (Esc clears)."
            buffer.putLine(message, in: body, style: .dim)
            return
        }
        // Lines: group headings and alert rows (index into `rows`).
        var lines: [(row: Int?, text: String, style: CellStyle)] = []
        var previous: (name: String, suppressed: Bool)?
        let now = Timestamp(state.now)
        for (index, row) in rows.enumerated() {
            if previous?.suppressed != true, row.isSuppressed {
                lines.append((nil, "── silenced / inhibited ──", .dim))
                previous = nil
            }
            if previous?.name != row.alert.name {
                let count = rows[index...].prefix { $0.alert.name == row.alert.name && $0.isSuppressed == row.isSuppressed }.count
                let severity = row.alert.severity.map { " " + safe($0) } ?? ""
                lines.append((nil, safe(row.alert.name) + (count > 1 ? " ×\(count)" : "") + severity,
                              row.isSuppressed ? .dim : Self.severityStyle(row.alert.severity)))
            }
            previous = (row.alert.name, row.isSuppressed)
            var text = "  " + ElapsedTime(from: row.alert.startsAt, to: now).timer
            if row.alert.status.isSilenced { text += " [silenced]" } else if row.alert.status.isInhibited { text += " [inhibited]" }
            let whereText = row.alert.whereLabels.joined(separator: " ")
            if !whereText.isEmpty { text += " " + safe(whereText) }
            if let summary = row.alert.summary, !summary.isEmpty { text += " — " + safe(summary) }
            lines.append((index, text, row.isSuppressed ? .dim : .plain))
        }
        let selected = min(state.alertsCursor, rows.count - 1)
        let selectedLine = lines.firstIndex { $0.row == selected } ?? 0
        let offset = max(0, min(selectedLine - body.height + 1, lines.count - body.height))
        for line in 0..<body.height {
            let index = offset + line
            guard index < lines.count else { break }
            var style = lines[index].style
            if focused, lines[index].row == selected {
                buffer.fill(Region(x: body.x, y: body.y + line, width: body.width, height: 1), style: .selected)
                style.reverse = true
            }
            buffer.put(lines[index].text, x: body.x, y: body.y + line, limit: body.maxX, style: style)
        }
    }

    static func severityStyle(_ severity: String?) -> CellStyle {
        switch AlertRow.severityRank(severity) {
        case 0, 1: .danger
        case 2: .warning
        default: .bold
        }
    }

    static func stateLabel(_ state: SourceState) -> String {
        switch state {
        case .pending: "connecting"
        case .live: "live"
        case .stale(let age, _): "STALE \(Int(age.rounded()))s"
        case .unreachable: "UNREACHABLE"
        }
    }
}
