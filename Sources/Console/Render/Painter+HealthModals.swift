import PostmotermCore

extension Painter {
    /// The column picker (`c`), a small box over the health pane: one line per optional column,
    /// `[x]` when shown; the line at hand in reverse.
    mutating func drawColumnPicker(_ region: Region, cursor: Int) {
        let columns = HealthColumnID.allCases
        let width = min(region.width, 46)
        let height = min(region.height, columns.count + 2)
        guard width >= 20, height >= 3 else { return }
        let box = Region(x: region.maxX - width, y: region.y, width: width, height: height)
        buffer.fill(box, style: .plain)
        buffer.putLine(" Columns — Space shows/hides, Esc closes", in: box, style: CellStyle(foreground: .accent, bold: true, reverse: true))
        let list = box.droppingTop(1)
        let visible = list.height - 1
        let offset = max(0, min(cursor - visible + 1, columns.count - visible))
        for line in 0..<visible {
            let index = offset + line
            guard index < columns.count else { break }
            let id = columns[index]
            let mark = state.hiddenHealthColumns.contains(id) ? "[ ] " : "[x] "
            let text = " " + mark + DisplayWidth.pad(id.title, to: 7) + id.meaning
            var style: CellStyle = id.isHatop ? .plain : .bold
            if index == cursor { style.reverse = true }
            buffer.putLine(text, in: list, row: line, style: style)
        }
        let more = offset + visible < columns.count ? " ↓ more (j/k)" : " widen the terminal for more columns"
        buffer.putLine(more, in: list, row: list.height - 1, style: .dim)
    }

    /// A runtime command's answer, over the panes: the command and source on top, the answer's
    /// lines (inert) below, scrolled to the answer's offset.
    mutating func drawRuntimeAnswer(_ answer: RuntimeAnswer, in region: Region) {
        let verdict = answer.request.changesState ? (answer.succeeded ? " → ok (logged)" : " → failed (logged)") : (answer.succeeded ? "" : " → failed")
        let title = " `" + safe(answer.request.command) + "` on " + safe(answer.request.source) + verdict
        buffer.putLine(title, in: region, style: CellStyle(foreground: answer.succeeded ? .accent : .danger, bold: true, reverse: true))
        let body = region.droppingTop(1)
        let visible = max(1, body.height - 1)
        for row in 0..<visible {
            let index = answer.offset + row
            guard index < answer.lines.count else { break }
            buffer.putLine(" " + answer.lines[index], in: body, row: row, style: .plain)
        }
        let last = min(answer.lines.count, answer.offset + visible)
        let position = "  lines \(answer.lines.isEmpty ? 0 : answer.offset + 1)–\(last) of \(answer.lines.count) · j/k PgUp PgDn scroll · Esc closes"
        buffer.putLine(position, in: body, row: body.height - 1, style: .dim)
    }
}
