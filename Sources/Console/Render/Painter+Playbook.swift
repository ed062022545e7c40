import Foundation
import PostmotermCore

extension Painter {
    /// The playbook: roles, phases with progress, steps with state, and the selected step in full.
    mutating func drawPlaybook(_ region: Region, focused: Bool) {
        let playbook = state.playbook
        let total = playbook.stepCount
        // Closed steps per phase, looked up once for the title and the phase headings.
        let closedByPhase = playbook.phases.map { phase in
            phase.steps.indices.reduce(0) { sum, index in sum + (state.steps[phase.steps[index].id] != nil ? 1 : 0) }
        }
        let closed = closedByPhase.reduce(0, +)
        var detail = total > 0 ? String(closed) + "/" + String(total) + " steps" : ""
        if state.mineOnly { detail += " [mine]" }
        if let filter = state.filters[.playbook] { detail += " [/" + safe(filter) + "]" }
        drawTitle(region, title: "Playbook", detail: detail, focused: focused)
        var body = region.droppingTop(1)
        // No fill: the frame starts blank (a new buffer each render) and panes do not overlap.
        guard total > 0 else {
            let message = "No playbook: the timeline still records everything. Start with one: postmoterm open PLAYBOOK.md"
            for (index, line) in DisplayWidth.wrap(message, to: body.width - 2).enumerated() where index < body.height {
                buffer.put(line, x: body.x + 1, y: body.y + index, limit: body.maxX, style: .dim)
            }
            return
        }

        // Roles and who holds them.
        if !playbook.roles.isEmpty, body.height > 6 {
            var x = buffer.put(" Roles:", x: body.x, y: body.y, limit: body.maxX, style: .dim)
            for role in playbook.roles {
                let holder = state.roleHolders[role.id]
                x = buffer.put(" " + safe(role.id) + "=", x: x, y: body.y, limit: body.maxX, style: .bold)
                x = buffer.put(holder.map(safe) ?? "—", x: x, y: body.y, limit: body.maxX,
                               style: holder == state.me ? .good : (holder == nil ? .dim : .plain))
            }
            body = body.droppingTop(1)
        }

        // The list gets about 60% of the height; the selected step's details the rest.
        let detailsHeight = body.height >= 10 ? max(4, body.height * 2 / 5) : 0
        let list = body.top(body.height - detailsHeight)
        drawStepList(list, focused: focused, closedByPhase: closedByPhase)
        if detailsHeight > 0 {
            drawStepDetails(Region(x: body.x, y: list.maxY, width: body.width, height: detailsHeight))
        }
    }

    private mutating func drawStepList(_ region: Region, focused: Bool, closedByPhase: [Int]) {
        guard visibleStepCount > 0 else {
            let message = state.mineOnly ? "No steps for your roles (m shows all)." : "No step matches the filter (Esc clears)."
            buffer.putLine(" " + message, in: region, style: .dim)
            return
        }
        let visibleIDs = filteredSteps.map { Set($0.map(\.id)) } ?? []
        let selectedID = selectedStep?.id
        // Rows: phase headings (with progress) and steps.
        // Rows as (phase, step) positions, the step nil for the phase's heading: no step or phase
        // is copied for rows that scroll out of view.
        let phases = state.playbook.phases
        let everyStepVisible = filteredSteps == nil
        var rows: [(phase: Int, step: Int?)] = []
        rows.reserveCapacity(visibleStepCount + phases.count)
        var selectedRow = 0
        for phaseIndex in phases.indices {
            let steps = phases[phaseIndex].steps
            var heading = false
            for stepIndex in steps.indices where everyStepVisible || visibleIDs.contains(steps[stepIndex].id) {
                if !heading {
                    rows.append((phaseIndex, nil))
                    heading = true
                }
                if steps[stepIndex].id == selectedID { selectedRow = rows.count }
                rows.append((phaseIndex, stepIndex))
            }
        }
        let offset = max(0, min(selectedRow - region.height + 2, rows.count - region.height))
        for row in 0..<region.height {
            let index = offset + row
            guard index < rows.count else { break }
            let y = region.y + row
            let line = Region(x: region.x, y: y, width: region.width, height: 1)
            let phase = phases[rows[index].phase]
            if let stepIndex = rows[index].step {
                let step = phase.steps[stepIndex]
                drawStepRow(step, in: line, selected: step.id == selectedID, focused: focused)
            } else {
                let done = closedByPhase[rows[index].phase]
                let progress = " " + String(done) + "/" + String(phase.steps.count)
                let x = buffer.put(" " + safe(phase.title), x: line.x, y: y, limit: line.maxX - DisplayWidth.of(progress),
                                   style: CellStyle(foreground: .accent, bold: true))
                buffer.put(progress, x: x, y: y, limit: line.maxX, style: done == phase.steps.count ? .good : .dim)
            }
        }
    }

    private mutating func drawStepRow(_ step: OutlineStep, in line: Region, selected: Bool, focused: Bool) {
        let marker: String
        var markerStyle: CellStyle
        let progress = state.steps[step.id]
        if state.isPending(step: step.id) {
            marker = "[~]"
            markerStyle = .warning
        } else if let progress {
            switch progress.state {
            case .done:
                marker = "[x]"
                markerStyle = .good
            case .skipped:
                marker = "[-]"
                markerStyle = .dim
            }
        } else {
            marker = "[ ]"
            markerStyle = .plain
        }
        var textStyle: CellStyle = progress == nil ? .plain : .dim
        if selected {
            textStyle = focused ? CellStyle(bold: true, reverse: true) : CellStyle(bold: true, underline: true)
            markerStyle.reverse = focused
        }
        if selected && focused { buffer.fill(line, style: textStyle) }
        var x = buffer.put(selected ? ">" : " ", x: line.x, y: line.y, style: textStyle)
        x = buffer.put(marker, x: x, y: line.y, style: markerStyle)
        let role = step.role.map { " " + safe($0) } ?? ""
        let roleWidth = min(DisplayWidth.of(role), 10)
        x = putAfterSpace(safe(step.text), x: x, y: line.y, limit: line.maxX - roleWidth - 1, style: textStyle)
        if !role.isEmpty {
            let mine = step.role.map { myRolesLowercased.contains($0.lowercased()) } ?? false
            var roleStyle: CellStyle = mine ? CellStyle(foreground: .accent, bold: true) : .dim
            roleStyle.reverse = selected && focused
            buffer.put(DisplayWidth.truncate(role, to: roleWidth), x: line.maxX - roleWidth, y: line.y, limit: line.maxX, style: roleStyle)
        }
    }

    private mutating func drawStepDetails(_ region: Region) {
        guard let step = selectedStep else { return }
        buffer.putRepeated("─", count: region.width, x: region.x, y: region.y, limit: region.maxX, style: .dim)
        let inner = region.droppingTop(1)
        let width = inner.width - 2
        var lines: [(String, CellStyle)] = []
        for line in DisplayWidth.wrap(safe(step.text), to: width) { lines.append((line, .bold)) }
        var owner = "Owner: "
        if let roleID = step.role {
            let name = state.playbook.role(id: roleID)?.name ?? roleID
            owner += safe(name) + " — " + (state.roleHolders[roleID].map { "held by " + safe($0) } ?? "nobody holds it (r takes it)")
        } else {
            owner += "anyone"
        }
        for line in DisplayWidth.wrap(owner, to: width) { lines.append((line, .dim)) }
        if state.isPending(step: step.id) {
            lines.append(("Saving…", .warning))
        } else if let progress = state.steps[step.id] {
            let when = Timestamp(progress.at).hourMinuteSecond
            switch progress.state {
            case .done:
                for line in DisplayWidth.wrap("Done by " + safe(progress.by) + " at " + when + " UTC (Space reopens)", to: width) {
                    lines.append((line, .good))
                }
            case .skipped(let reason):
                for line in DisplayWidth.wrap("Skipped by " + safe(progress.by) + " at " + when + ": " + safe(reason), to: width) {
                    lines.append((line, .warning))
                }
            }
        }
        if !step.details.isEmpty {
            for line in DisplayWidth.wrap(Self.inertBlock(step.details), to: width) {
                lines.append((line, .plain))
            }
        }
        for command in step.commands {
            let escaped = Self.inertBlock(command)
            for (index, line) in escaped.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                // Commands are shown in full: long lines wrap rather than lose their end.
                for piece in DisplayWidth.wrap((index == 0 ? "$ " : "  ") + line, to: width) {
                    lines.append((piece, CellStyle(foreground: .accent)))
                }
            }
        }
        for (index, line) in lines.enumerated() {
            guard index < inner.height else { break }
            if index == inner.height - 1, lines.count > inner.height {
                buffer.put(" … (\(lines.count - index) more lines; enlarge the terminal)", x: inner.x, y: inner.y + index, limit: inner.maxX, style: .dim)
                break
            }
            buffer.put(line.0, x: inner.x + 1, y: inner.y + index, limit: inner.maxX, style: line.1)
        }
    }
}
