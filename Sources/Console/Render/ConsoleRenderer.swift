import Foundation
import PostmotermCore

/// Draws a ``ConsoleState`` into a ``CellBuffer``: `render(state, size) -> CellBuffer`.
///
/// Pure and deterministic (the clock comes from the state). Untrusted text — playbook, notes,
/// names, balancer messages — passes through `TerminalSafe.escape` on its way in, and the buffer
/// clips everything to the pane it belongs to.
public enum ConsoleRenderer {
    public static func render(_ state: ConsoleState, size: TerminalSize) -> CellBuffer {
        var painter = Painter(state: state, buffer: CellBuffer(width: size.columns, height: size.rows))
        guard let layout = ScreenLayout(size: size, alerts: !state.alertSources.isEmpty) else {
            painter.drawTooSmall(size)
            return painter.buffer
        }
        painter.drawHeader(layout.header)
        if state.mode == .help {
            painter.drawHelp(Region(x: 0, y: 2, width: size.columns, height: size.rows - 3))
        } else if case .eventDetail(let eventID) = state.mode {
            painter.drawEventDetail(eventID, in: Region(x: 0, y: 2, width: size.columns, height: size.rows - 3))
        } else if case .instanceDetail(let source, let pool, let instance) = state.mode {
            painter.drawInstanceDetail(
                source: source, pool: pool, instance: instance, in: Region(x: 0, y: 2, width: size.columns, height: size.rows - 3))
        } else if case .runtimeAnswer(let answer) = state.mode {
            painter.drawRuntimeAnswer(answer, in: Region(x: 0, y: 2, width: size.columns, height: size.rows - 3))
        } else {
            painter.drawPlaybook(layout.playbook, focused: state.focus == .playbook)
            if let alerts = layout.alerts { painter.drawAlerts(alerts, focused: state.focus == .alerts) }
            painter.drawSeparator(column: layout.separatorColumn, from: layout.playbook.y, to: layout.alerts?.maxY ?? layout.playbook.maxY)
            painter.drawHealth(layout.health, focused: state.focus == .health)
            painter.drawTimeline(layout.timeline, focused: state.focus == .timeline)
            painter.drawStatus(layout.status, roomAbove: layout.timeline.height - 1)
        }
        painter.drawHints(layout.hint)
        return painter.buffer
    }

    /// `render(state, size:)` for the usual tick of a quiet second: when `state` differs from
    /// `previous` — whose frame is `frame` — only in its clock, only the panes that show the time
    /// (the header; the health table, for its SINCE column and STALE ages) are drawn again over
    /// `frame`; the playbook, timeline, status and hint lines keep their cells. Any other
    /// difference, another size, or the help screen: a whole new frame. Either way the cells are
    /// those of `render(state, size:)` (tests compare the two). `frame` is taken over: passed
    /// with `consume` and held nowhere else, it is drawn over in place, not copied first.
    public static func render(
        _ state: ConsoleState, size: TerminalSize, after previous: ConsoleState, frame: consuming CellBuffer
    ) -> CellBuffer {
        guard state.now != previous.now, state.size == size, previous.size == size, frame.width == size.columns,
            frame.height == size.rows, !state.mode.coversPanes,
            let layout = ScreenLayout(size: size, alerts: !state.alertSources.isEmpty)
        else { return render(state, size: size) }
        var clockOnly = previous
        clockOnly.now = state.now
        guard clockOnly == state else { return render(state, size: size) }
        var painter = Painter(state: state, buffer: frame)
        // Blank first, as a new frame starts: the panes draw over blank cells.
        painter.buffer.clear(layout.header)
        painter.buffer.clear(layout.health)
        painter.drawHeader(layout.header)
        painter.drawHealth(layout.health, focused: state.focus == .health)
        if let alerts = layout.alerts {  // its FOR column moves with the clock
            painter.buffer.clear(alerts)
            painter.drawAlerts(alerts, focused: state.focus == .alerts)
        }
        return painter.buffer
    }
}

/// The drawing routines, one extension per pane.
struct Painter {
    let state: ConsoleState
    var buffer: CellBuffer
    /// Derived lists the panes read more than once, computed once per frame (each is a scan,
    /// and ``ConsoleState/myRoles`` a sort).
    let myRoles: [String]
    let myRolesLowercased: Set<String>
    /// The steps the playbook pane lists; nil when that is every step (no filter, not "mine
    /// only"), which spares copying the playbook's steps each frame.
    let filteredSteps: [OutlineStep]?

    init(state: ConsoleState, buffer: CellBuffer) {
        self.state = state
        self.buffer = buffer
        myRoles = state.myRoles
        myRolesLowercased = Set(myRoles.map { $0.lowercased() })
        // Without a filter or "mine only", every step shows (ConsoleState.visibleSteps' answer).
        let unfiltered = !state.mineOnly && (state.filters[.playbook] ?? "").isEmpty
        filteredSteps = unfiltered ? nil : state.visibleSteps
    }

    /// How many steps the playbook pane lists.
    var visibleStepCount: Int { filteredSteps?.count ?? state.playbook.stepCount }

    /// The step under the playbook cursor (``ConsoleState/selectedStep`` without a second scan).
    var selectedStep: OutlineStep? {
        let count = visibleStepCount
        guard count > 0 else { return nil }
        let index = min(max(0, state.playbookCursor), count - 1)
        if let filteredSteps { return filteredSteps[index] }
        var remaining = index
        for phase in state.playbook.phases {
            if remaining < phase.steps.count { return phase.steps[remaining] }
            remaining -= phase.steps.count
        }
        return nil
    }

    /// Untrusted text made inert for one line.
    func safe(_ text: String) -> String {
        Self.inert(text)
    }

    /// `TerminalSafe.escape(text, allowing: .newlines)`, answering printable ASCII from its bytes.
    static func inertBlock(_ text: String) -> String {
        if DisplayWidth.isPrintableASCII(text) { return text }
        return TerminalSafe.escape(text, allowing: .newlines)
    }

    /// Draws `" " + text` without building it: the space, then the text (the same cells, since
    /// a standalone first scalar cannot join the space); concatenated when it could.
    @discardableResult
    mutating func putAfterSpace(_ text: String, x: Int, y: Int, limit: Int, style: CellStyle) -> Int {
        if let first = text.unicodeScalars.first, !DisplayWidth.isStandalone(first.value) {
            return buffer.put(" " + text, x: x, y: y, limit: limit, style: style)
        }
        let after = buffer.put(" ", x: x, y: y, limit: limit, style: style)
        return buffer.put(text, x: after, y: y, limit: limit, style: style)
    }

    /// `TerminalSafe.escape(text)`, answering printable ASCII (most text) from its bytes.
    static func inert(_ text: String) -> String {
        if DisplayWidth.isPrintableASCII(text) { return text }
        return TerminalSafe.escape(text)
    }

    // MARK: - Frame parts

    mutating func drawTooSmall(_ size: TerminalSize) {
        let lines = [
            "Terminal too small: \(size.columns)×\(size.rows)",
            "postmoterm needs at least \(TerminalSize.minimum.columns)×\(TerminalSize.minimum.rows).",
            "Enlarge the window (q y quits).",
        ]
        let top = max(0, size.rows / 2 - 1)
        for (index, line) in lines.enumerated() where top + index < size.rows {
            let text = DisplayWidth.truncate(line, to: size.columns)
            let x = max(0, (size.columns - DisplayWidth.of(text)) / 2)
            buffer.put(text, x: x, y: top + index, style: index == 0 ? .warning : .plain)
        }
        if state.mode == .confirmQuit, size.rows > 0 {
            buffer.putLine("Quit? (y/n)", in: Region(x: 0, y: size.rows - 1, width: size.columns, height: 1), style: .bold)
        }
    }

    mutating func drawHeader(_ region: Region) {
        let incident = state.incident
        let first = Region(x: region.x, y: region.y, width: region.width, height: 1)
        buffer.fill(first, style: .selected)
        var x = buffer.put(" " + safe(incident.title.isEmpty ? incident.id : incident.title) + " ",
                           x: 0, y: region.y, limit: max(1, region.width - 48), style: CellStyle(bold: true, reverse: true))
        let severity = safe(incident.severity.isEmpty ? "SEV?" : incident.severity.uppercased())
        x = buffer.put(" " + severity + " ", x: x + 1, y: region.y, limit: region.maxX,
                       style: CellStyle(foreground: .danger, bold: true, reverse: true))
        let statusStyle: ColorRole =
            switch incident.status {
            case .investigating: .danger
            case .mitigated: .warning
            case .resolved: .good
            }
        x = buffer.put(" " + incident.status.rawValue.uppercased() + " ", x: x + 1, y: region.y, limit: region.maxX,
                       style: CellStyle(foreground: statusStyle, bold: true, reverse: true))
        let clock = "T+" + ElapsedTime(seconds: incident.elapsed(at: state.now)).timer + "  "
            + Timestamp(state.now).hourMinuteSecond + " UTC "
        let clockX = region.maxX - DisplayWidth.of(clock)
        if clockX > x + 1 {
            buffer.put(clock, x: clockX, y: region.y, style: CellStyle(bold: true, reverse: true))
        }

        // Second row: who I am, and each balancer's poll state.
        let y = region.y + 1
        guard region.height > 1 else { return }
        let roles = myRoles
        let me = safe(state.me) + (roles.isEmpty ? " (no role)" : " (" + roles.map(safe).joined(separator: ", ") + ")")
        x = buffer.put(" " + me, x: 0, y: y, style: .bold)
        if state.readOnly {
            x = buffer.put(" READ-ONLY", x: x, y: y, style: .warning)
        }
        if let team = teamText() { x = buffer.put("  " + team.0, x: x, y: y, style: team.1) }
        // Each source's poll state must show; labels give way first, then the incident id.
        let states = state.sources.map { pollText($0.state) }
        let stateWidths = states.reduce(0) { $0 + DisplayWidth.of($1.0) + 3 }
        let id = "  " + safe(incident.id)
        let idWidth = DisplayWidth.of(id)
        var labelRoom = region.maxX - x - stateWidths
        let showID = labelRoom - idWidth >= state.sources.count * 12
        if showID { labelRoom -= idWidth }
        let labelBudget = state.sources.isEmpty ? 0 : max(6, labelRoom / state.sources.count)
        if showID { x = buffer.put(id, x: x, y: y, style: .dim) }
        for (source, poll) in zip(state.sources, states) {
            guard x < region.maxX - 4 else { break }
            x = buffer.put("  " + DisplayWidth.truncate(safe(source.label), to: labelBudget) + " ", x: x, y: y, style: .dim)
            x = buffer.put(poll.0, x: x, y: y, style: poll.1)
        }
        if x < region.maxX { buffer.fill(Region(x: x, y: y, width: region.maxX - x, height: 1)) }
    }

    func pollText(_ poll: PollState) -> (String, CellStyle) {
        switch poll {
        case .connecting: return ("connecting…", .dim)
        case .live: return ("live", .good)
        case .stale(let since, let reason):
            let age = ElapsedTime(seconds: state.now.timeIntervalSince(since)).timer
            return ("STALE \(age): \(safe(reason))", .warning)
        case .unreachable(let reason): return ("UNREACHABLE: \(safe(reason))", .danger)
        }
    }

    mutating func drawSeparator(column: Int, from top: Int, to bottom: Int) {
        for y in top..<bottom {
            buffer.putRepeated("│", count: 1, x: column, y: y, style: .dim)
        }
    }

    /// A pane's title row: reverse video when focused, so focus reads without colour.
    mutating func drawTitle(_ region: Region, title: String, detail: String, focused: Bool) {
        let row = Region(x: region.x, y: region.y, width: region.width, height: 1)
        let style = focused ? CellStyle(foreground: .accent, bold: true, reverse: true) : CellStyle(foreground: .accent, bold: true)
        buffer.fill(row, style: style)
        let x = buffer.put((focused ? "▶ " : "  ") + title, x: row.x, y: row.y, limit: row.maxX, style: style)
        var detailStyle = style
        detailStyle.bold = false
        buffer.put("  " + detail, x: x, y: row.y, limit: row.maxX, style: detailStyle)
    }

    /// The status row: the editor, a question, or the notice. A notice wider than the row is
    /// wrapped upwards over the bottom of the panes (at most `roomAbove` extra rows), so a long
    /// message is read whole.
    mutating func drawStatus(_ region: Region, roomAbove: Int) {
        switch state.mode {
        case .editing(let editor, let purpose):
            drawEditor(editor, prompt: purpose.prompt, in: region)
        case .confirming(let confirmation):
            buffer.putLine(safe(confirmation.question), in: region, style: .warning)
        case .confirmQuit:
            buffer.putLine("Quit postmoterm? (y/n) — the incident log keeps everything; --incident \(safe(state.incident.id)) resumes.",
                           in: region, style: .warning)
        case .choosingAmendment:
            buffer.putLine("Edit the event's t)ext or ti(m)e? (any other key cancels)", in: region, style: .warning)
        case .normal, .help, .eventDetail, .pickingColumns, .runtimeAnswer, .instanceDetail:
            if let notice = state.notice {
                let style: CellStyle = notice.isError ? .danger : .good
                let text = safe(notice.text)
                guard DisplayWidth.of(text) > region.width, roomAbove > 0 else {
                    buffer.putLine(text, in: region, style: style)
                    return
                }
                var lines = DisplayWidth.wrap(text, to: max(1, region.width - 1))
                if lines.count > roomAbove + 1 {
                    lines = Array(lines.prefix(roomAbove + 1))
                    lines[lines.count - 1] = DisplayWidth.truncate(lines[lines.count - 1] + " …", to: region.width - 1)
                }
                let top = region.y - (lines.count - 1)
                for (index, line) in lines.enumerated() {
                    let row = Region(x: region.x, y: top + index, width: region.width, height: 1)
                    buffer.fill(row)
                    buffer.putLine(" " + line, in: row, style: style)
                }
            } else {
                buffer.fill(region)
            }
        }
    }

    mutating func drawEditor(_ editor: LineEditor, prompt: String, in region: Region) {
        buffer.fill(region)
        let x = buffer.put(prompt, x: region.x, y: region.y, limit: region.maxX, style: .bold)
        let available = region.maxX - x - 1
        guard available > 0 else { return }
        // Show the part of the text around the caret.
        let characters = editor.text.map { Character(TerminalSafe.escape(String($0))) == $0 ? $0 : Character("?") }
        var start = 0
        var widthBeforeCursor = DisplayWidth.of(String(characters[0..<editor.cursor]))
        while widthBeforeCursor > available - 1, start < editor.cursor {
            widthBeforeCursor -= DisplayWidth.of(characters[start])
            start += 1
        }
        let visible = String(characters[start...])
        // A suggestion shows selected (reverse): typing replaces it.
        buffer.put(visible, x: x, y: region.y, limit: region.maxX,
                   style: editor.selected ? CellStyle(reverse: true) : CellStyle(underline: true))
        buffer.cursor = CellBuffer.Cursor(x: x + widthBeforeCursor, y: region.y)
    }

    mutating func drawHints(_ region: Region) {
        buffer.fill(region, style: .selected)
        let entries: [KeyGuide.Entry]
        var more: [KeyGuide.Entry] = []
        switch state.mode {
        case .editing: entries = KeyGuide.editor
        case .confirming, .confirmQuit:
            entries = [KeyGuide.Entry(keys: "y", action: "", hint: "yes"), KeyGuide.Entry(keys: "other", action: "", hint: "no")]
        case .choosingAmendment:
            entries = [KeyGuide.Entry(keys: "t", action: "", hint: "text"), KeyGuide.Entry(keys: "m", action: "", hint: "time")]
        case .help: entries = [KeyGuide.Entry(keys: "j/k", action: "", hint: "scroll"), KeyGuide.Entry(keys: "other", action: "", hint: "close help")]
        case .eventDetail: entries = [KeyGuide.Entry(keys: "Esc", action: "", hint: "back to the timeline (any key)")]
        case .instanceDetail: entries = [KeyGuide.Entry(keys: "Esc", action: "", hint: "back to the health pane (any key)")]
        case .pickingColumns:
            entries = [KeyGuide.Entry(keys: "Space", action: "", hint: "show / hide"), KeyGuide.Entry(keys: "Esc", action: "", hint: "close")]
        case .runtimeAnswer:
            entries = [KeyGuide.Entry(keys: "j/k", action: "", hint: "scroll"), KeyGuide.Entry(keys: "Esc", action: "", hint: "back to the health pane")]
        case .normal:
            entries = KeyGuide.entries(for: state.focus)
            more = KeyGuide.global
        }
        var x = region.x
        for entry in [entries, more].joined() {
            guard let hint = entry.hint else { continue }
            let key = entry.keys.firstIndex(of: " ").map { String(entry.keys[..<$0]) } ?? entry.keys
            let width = DisplayWidth.of(key) + DisplayWidth.of(hint) + 3
            guard x + width <= region.maxX else { break }
            x = putAfterSpace(key, x: x, y: region.y, limit: buffer.width, style: CellStyle(bold: true, reverse: true))
            x = putAfterSpace(hint, x: x, y: region.y, limit: buffer.width, style: .selected)
            x = buffer.put(" ", x: x, y: region.y, style: .selected)
        }
    }

    mutating func drawHelp(_ region: Region) {
        // No fill: the frame starts blank (a new buffer each render) and panes do not overlap.
        buffer.putLine(" Keys — postmoterm console (j/k scroll, any other key closes)", in: region, style: CellStyle(foreground: .accent, bold: true, reverse: true))
        var lines: [(String, CellStyle)] = []
        for section in KeyGuide.sections {
            lines.append((section.title, CellStyle(foreground: .accent, bold: true)))
            for entry in section.entries {
                lines.append(("  " + DisplayWidth.pad(entry.keys, to: 13) + " " + entry.action, .plain))
            }
        }
        let body = region.droppingTop(1)
        // As many columns (up to 3) as fit the longest line whole.
        let longest = lines.reduce(0) { max($0, DisplayWidth.of($1.0)) }
        let columns = max(1, min(3, body.width / (longest + 2)))
        let perColumn = max(1, (lines.count + columns - 1) / columns)
        let width = body.width / columns
        let scrollable = perColumn > body.height
        let visibleRows = scrollable ? body.height - 1 : body.height
        let offset = scrollable ? min(max(0, state.helpOffset), perColumn - visibleRows) : 0
        for (index, line) in lines.enumerated() {
            let column = index / perColumn
            let row = index % perColumn - offset
            guard row >= 0, row < visibleRows else { continue }
            buffer.put(line.0, x: body.x + column * width + 1, y: body.y + row, limit: body.x + (column + 1) * width, style: line.1)
        }
        if scrollable {
            let note = offset + visibleRows < perColumn ? "  ↓ more: j/k or arrows scroll" : "  ↑ j/k or arrows scroll"
            buffer.putLine(note, in: body, row: body.height - 1, style: .dim)
        }
    }
}
