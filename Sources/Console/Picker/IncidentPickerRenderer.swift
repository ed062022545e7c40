import Foundation
import PostmotermCore

/// Draws an ``IncidentPicker`` into a ``CellBuffer`` (pure, as ``ConsoleRenderer``).
public enum IncidentPickerRenderer {
    public static func render(_ picker: IncidentPicker, size: TerminalSize) -> CellBuffer {
        var buffer = CellBuffer(width: size.columns, height: size.rows)
        guard size.columns >= 20, size.rows >= 6 else {
            buffer.putLine("Which incident? (terminal too small)", in: Region(x: 0, y: 0, width: size.columns, height: 1))
            return buffer
        }
        let full = Region(x: 0, y: 0, width: size.columns, height: size.rows)
        let titleStyle = CellStyle(foreground: .accent, bold: true, reverse: true)
        buffer.fill(Region(x: 0, y: 0, width: size.columns, height: 1), style: titleStyle)
        buffer.putLine(" Which incident? Join one that is open, or start a new one", in: full, row: 0, style: titleStyle)
        buffer.putLine(" " + inert(picker.reason), in: full, row: 1, style: .dim)

        // The list: one line per incident, then "start a new one"; scrolled to keep the cursor.
        let top = 3
        let room = size.rows - top - 2
        let offset = max(0, min(picker.cursor - room + 1, picker.choiceCount - room))
        for line in 0..<room {
            let index = offset + line
            guard index < picker.choiceCount else { break }
            let selected = index == picker.cursor
            let y = top + line
            let style: CellStyle = selected ? .selected : .plain
            if selected { buffer.fill(Region(x: 0, y: y, width: size.columns, height: 1), style: .selected) }
            let text: String
            if index < picker.rows.count {
                text = describe(picker.rows[index], number: index + 1)
            } else {
                text = " n  Start a new incident: " + inert(picker.newTitle)
            }
            buffer.put((selected ? "▶" : " ") + text, x: 0, y: y, limit: size.columns, style: style)
        }
        let hint = Region(x: 0, y: size.rows - 1, width: size.columns, height: 1)
        buffer.fill(hint, style: .selected)
        buffer.putLine(" ↑↓ move  Enter choose  1-9 join by number  n new incident  q/Esc cancel", in: hint, style: .selected)
        return buffer
    }

    /// `  1  2026-12-07-api-errors  API errors — investigating, started 16:00 UTC, playbook api.md`.
    static func describe(_ row: IncidentPickerRow, number: Int) -> String {
        let key = number <= 9 ? String(number) : " "
        var text = " \(key)  \(inert(row.id))  \(inert(row.title)) — \(row.status.rawValue), started "
            + Timestamp(row.startedAt).dateTimeUTC
        if let playbook = row.playbook { text += ", playbook " + inert(playbook) }
        return text
    }

    private static func inert(_ text: String) -> String {
        TerminalSafe.escape(text)
    }
}
