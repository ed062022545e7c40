import Foundation
import PostmotermCore

extension Painter {
    /// The newest events first: time, markers, author and what happened.
    mutating func drawTimeline(_ region: Region, focused: Bool) {
        let items = state.visibleTimeline
        var stored = 0
        for index in state.timeline.indices where !state.timeline[index].pending { stored += 1 }
        var detail = String(stored) + (stored == 1 ? " event" : " events")
        if let filter = state.filters[.timeline] { detail += " [/" + safe(filter) + "]" }
        drawTitle(region, title: "Timeline", detail: detail, focused: focused)
        let body = region.droppingTop(1)
        // No fill: the frame starts blank (a new buffer each render) and panes do not overlap.
        guard !items.isEmpty else {
            let message = state.timeline.isEmpty ? " Nothing logged yet: n writes a note." : " No event matches the filter (Esc clears)."
            buffer.putLine(message, in: body, style: .dim)
            return
        }
        let selected = min(state.timelineCursor, items.count - 1)
        let offset = max(0, min(selected - body.height + 1, items.count - body.height))
        for line in 0..<body.height {
            let index = offset + line
            guard index < items.count else { break }
            drawTimelineRow(items[index], y: body.y + line, in: body, selected: index == selected && focused)
        }
    }

    private mutating func drawTimelineRow(_ item: TimelineItem, y: Int, in region: Region, selected: Bool) {
        let entry = item.entry
        let (text, baseStyle) = describe(entry)
        var style = item.hidden ? CellStyle.dim : baseStyle
        if item.pending { style = .warning }
        var timeStyle = CellStyle.dim
        if selected {
            buffer.fill(Region(x: region.x, y: y, width: region.width, height: 1), style: .selected)
            style.reverse = true
            timeStyle.reverse = true
        }
        var x = buffer.put(Timestamp(entry.time).hourMinuteSecond, x: region.x, y: y, limit: region.maxX, style: timeStyle)
        let marker = item.pending ? "~" : (item.starred ? "*" : (item.hidden ? "h" : " "))
        var markerStyle = item.starred ? CellStyle.warning : style
        markerStyle.reverse = selected
        x = buffer.put(" " + marker, x: x, y: y, limit: region.maxX, style: markerStyle)
        var authorStyle = CellStyle.bold
        authorStyle.reverse = selected
        x = putAfterSpace(safe(DisplayWidth.truncate(entry.author, to: 12)), x: x, y: y, limit: region.maxX, style: authorStyle)
        // " " + text + suffixes, written piece by piece (the same cells: each piece starts a
        // grapheme) unless the text starts or ends with a scalar that could join a neighbour.
        let scalars = text.unicodeScalars
        if let first = scalars.first, let last = scalars.last,
            !DisplayWidth.isStandalone(first.value) || !DisplayWidth.isStandalone(last.value)
        {
            var suffix = ""
            if item.pending { suffix = " (saving…)" }
            if item.edited { suffix += " (edited)" }
            if item.hidden { suffix += " (hidden)" }
            buffer.put(" " + text + suffix, x: x, y: y, limit: region.maxX, style: style)
            return
        } else {
            x = buffer.put(" ", x: x, y: y, limit: region.maxX, style: style)
            x = buffer.put(text, x: x, y: y, limit: region.maxX, style: style)
        }
        if item.pending { x = buffer.put(" (saving…)", x: x, y: y, limit: region.maxX, style: style) }
        if item.edited { x = buffer.put(" (edited)", x: x, y: y, limit: region.maxX, style: style) }
        if item.hidden { buffer.put(" (hidden)", x: x, y: y, limit: region.maxX, style: style) }
    }

    /// The sentence a timeline row shows for an entry, and its style.
    func describe(_ entry: ConsoleEvent) -> (String, CellStyle) {
        let text = safe(entry.text)
        switch entry.kind {
        case .note: return (text, .plain)
        case .stepDone(let step): return ("done: " + stepText(step, fallback: text), .good)
        case .stepSkipped(let step): return ("skipped: " + stepText(step, fallback: step) + " — " + text, .warning)
        case .stepReopened(let step): return ("reopened: " + stepText(step, fallback: text), .plain)
        case .roleAssigned(let role, let holder):
            return (holder == entry.author ? "took role " + safe(role) : "gave role " + safe(role) + " to " + safe(holder), .plain)
        case .roleReleased(let role, let holder):
            return (holder == entry.author ? "released role " + safe(role) : "released role " + safe(role) + " of " + safe(holder), .plain)
        case .statusChanged(let status): return ("status → " + status.rawValue, status == .resolved ? .good : .warning)
        case .balancerObservation(let serious): return ("⚑ " + text, serious ? .danger : .warning)
        case .balancerAction: return ("action: " + text, CellStyle(foreground: .accent))
        case .amendment: return ("amended: " + text, .dim)
        case .export: return ("exported: " + text, .dim)
        case .bookkeeping: return (text, .dim)
        case .alert(let firing): return ((firing ? "🔔 " : "✓ ") + text, firing ? .danger : .good)
        case .alertSilenced: return ("silenced: " + text, .dim)
        case .playbookChosen: return ("playbook: " + text, CellStyle(foreground: .accent))
        case .other(let kind): return (safe(kind) + ": " + text, .plain)
        }
    }

    private func stepText(_ id: String, fallback: String) -> String {
        state.playbook.step(id: id).map { safe($0.text) } ?? fallback
    }
}
