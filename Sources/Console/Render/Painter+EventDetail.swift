import Foundation
import PostmotermCore

extension Painter {
    /// One event in full (Enter on the timeline): what it says, who wrote it and in which role,
    /// when it was recorded and when it happened, and every amendment made to it since.
    mutating func drawEventDetail(_ eventID: Int64, in region: Region) {
        let titleStyle = CellStyle(foreground: .accent, bold: true, reverse: true)
        guard let item = state.timeline.first(where: { $0.entry.id == eventID }) else {
            buffer.putLine(" Event", in: region, style: titleStyle)
            buffer.putLine(" This event is no longer in the timeline (any key goes back).", in: region, row: 2, style: .dim)
            return
        }
        let entry = item.entry
        let number = item.pending ? "not saved yet" : "#\(entry.id)"
        buffer.putLine(" Event " + number + " (any key goes back)", in: region, style: titleStyle)
        var lines: [(String, CellStyle)] = []
        let width = max(10, region.width - 16)
        func field(_ name: String, _ value: String, _ style: CellStyle = .plain) {
            let wrapped = DisplayWidth.wrap(value, to: width)
            for (index, line) in (wrapped.isEmpty ? [""] : wrapped).enumerated() {
                lines.append(((index == 0 ? DisplayWidth.pad(name, to: 13) : String(repeating: " ", count: 13)) + " " + line, style))
            }
        }
        let (what, style) = describe(entry)
        field("What", what, style)
        if item.edited, let original = state.entries[entry.id], original.text != entry.text {
            field("Originally", safe(original.text), .dim)
        }
        field("Author", safe(entry.author) + (entry.role.map { " (" + safe($0) + ")" } ?? ""))
        field("Recorded", Timestamp(entry.recordedAt).dateTimeUTC)
        let happened = state.entries[entry.id]?.happenedAt
        if let happened { field("Happened", Timestamp(happened).dateTimeUTC) }
        if item.edited, entry.time != (happened ?? entry.recordedAt) {
            field("Now shown at", Timestamp(entry.time).dateTimeUTC)
        }
        var marks: [String] = []
        if item.starred { marks.append("starred") }
        if item.hidden { marks.append("hidden from the postmortem") }
        if item.pending { marks.append("saving…") }
        if !marks.isEmpty { field("Marked", marks.joined(separator: ", ")) }
        let amendments = state.entries.values.filter {
            if case .amendment(let target, _) = $0.kind { return target == entry.id }
            return false
        }.sorted { $0.id < $1.id }
        lines.append(("", .plain))
        lines.append((amendments.isEmpty ? "No amendments." : "Amendments (oldest first):", CellStyle(foreground: .accent, bold: true)))
        for amendment in amendments {
            guard case .amendment(_, let change) = amendment.kind else { continue }
            let what: String =
                switch change {
                case .star: "starred"
                case .unstar: "unstarred"
                case .hide: "hidden"
                case .unhide: "shown again"
                case .text(let text): "text set to “" + safe(text) + "”"
                case .time(let time): "time set to " + Timestamp(time).dateTimeUTC
                }
            field("  " + Timestamp(amendment.recordedAt).hourMinuteSecond, safe(amendment.author) + ": " + what)
        }
        let body = region.droppingTop(2)
        for (index, line) in lines.enumerated() where index < body.height {
            buffer.put(line.0, x: body.x + 1, y: body.y + index, limit: body.maxX, style: line.1)
        }
    }
}
