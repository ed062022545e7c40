import Foundation
import PostmotermCore

/// The heart of the console: `reduce(state, message) -> (state, commands)`.
///
/// Pure: the same state and message always give the same result. Commands are effects for the
/// runtime (append to the log, run a balancer action, export, quit); their outcomes come back as
/// messages. A change is shown as done only when the store's acknowledgement arrives.
public enum ConsoleReducer {
    public static func reduce(_ state: ConsoleState, _ message: ConsoleMessage) -> (ConsoleState, [ConsoleCommand]) {
        var next = state
        var commands: [ConsoleCommand] = []
        switch message {
        case .key(let key):
            commands = next.handleKey(key)
        case .resize(let size):
            next.size = size
        case .tick(let now):
            next.now = now
            if let notice = next.notice, now.timeIntervalSince(notice.shownAt) > Notice.lifetime {
                next.notice = nil
            }
        case .pollUpdate(let source, let rows):
            if let index = next.sources.firstIndex(where: { $0.label == source.label }) {
                var source = source
                source.recording = source.recording ?? next.sources[index].recording  // polls do not know it
                next.sources[index] = source
            } else {
                next.sources.append(source)
            }
            if let rows { next.replaceHealth(source: source.label, rows: rows) }
            next.clampCursors()
        case .balancerPolled(let poll):
            if !next.readOnly {
                var poll = poll
                if !next.metrics.isStale(now: next.now) { poll.metricsByLabel = next.metrics.byLabel }
                commands = [.recordPoll(poll)]
            }
        case .alertsPolled(let view, let fresh, let silences):
            if let index = next.alertSources.firstIndex(where: { $0.source == view.source }) {
                next.alertSources[index] = view
            } else {
                next.alertSources.append(view)
            }
            next.clampCursors()
            if let fresh, !next.readOnly { commands = [.recordAlerts(fresh, silences: silences)] }
        case .instanceMetrics(let reading, let failure, let time):
            next.metrics.absorb(reading, failure: failure, at: time)
        case .recording(let source, let isRecording):
            if let index = next.sources.firstIndex(where: { $0.label == source }) { next.sources[index].recording = isRecording }
        case .storeEvents(let entries):
            next.absorb(entries)
            next.clampCursors()
        case .teamStatus(let status):
            next.team = status
        case .notice(let text, let isError):
            next.say(text, error: isError)
        case .commandResult(let result):
            next.apply(result)
            next.clampCursors()
        }
        return (next, commands)
    }
}

extension ConsoleState {
    // MARK: - Keys

    mutating func handleKey(_ key: KeyPress) -> [ConsoleCommand] {
        switch mode {
        case .help:
            switch key {
            case .down, .character("j"), .pageDown, .character(" "):
                helpOffset = min(helpOffset + (key == .down || key == .character("j") ? 1 : 8), 60)
            case .up, .character("k"), .pageUp:
                helpOffset = max(0, helpOffset - (key == .up || key == .character("k") ? 1 : 8))
            default:
                mode = .normal
            }
            return []
        case .eventDetail, .instanceDetail:
            mode = .normal
            return []
        case .pickingColumns(let cursor):
            handleColumnPickerKey(key, cursor: cursor)
            return []
        case .runtimeAnswer(let answer):
            handleRuntimeAnswerKey(key, answer: answer)
            return []
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") {
                quitting = true
                return [.quit]
            }
            mode = .normal
            return []
        case .confirming(let confirmation):
            mode = .normal
            guard key == .character("y") || key == .character("Y") else {
                say("Cancelled.")
                return []
            }
            return confirm(confirmation)
        case .choosingAmendment(let eventID):
            mode = .normal
            switch key {
            case .character("t"):
                let current = timeline.first { $0.entry.id == eventID }?.entry.text ?? ""
                mode = .editing(LineEditor(current), .eventText(eventID: eventID))
            case .character("m"):
                let current = timeline.first { $0.entry.id == eventID }?.entry.time ?? now
                mode = .editing(LineEditor(suggestion: Timestamp(current).hourMinuteSecond), .eventTime(eventID: eventID))
            default:
                say("Cancelled.")
            }
            return []
        case .editing(var editor, let purpose):
            switch key {
            case .escape:
                mode = .normal
                if case .filter(let pane) = purpose { filters[pane] = nil }
                return []
            case .enter:
                mode = .normal
                return submit(editor.string, for: purpose)
            default:
                if case .character = key, !editor.selected, editor.text.count >= editor.capacity {
                    // A paste longer than the limit: say so instead of dropping the rest silently.
                    say("Text is limited to \(editor.capacity) characters; the rest was not taken.", error: true)
                }
                editor.handle(key)
                mode = .editing(editor, purpose)
                if case .filter(let pane) = purpose {
                    // Filter as you type.
                    filters[pane] = editor.string.isEmpty ? nil : editor.string
                    resetCursor(pane)
                }
                return []
            }
        case .normal:
            return handleNormalKey(key)
        }
    }

    private mutating func handleNormalKey(_ key: KeyPress) -> [ConsoleCommand] {
        switch key {
        case .character("q"):
            mode = .confirmQuit
        case .character("?"), .function(1):
            mode = .help
            helpOffset = 0
        case .tab:
            focus = focus.next
            if focus == .alerts, alertSources.isEmpty { focus = focus.next }
        case .backTab:
            focus = focus.previous
            if focus == .alerts, alertSources.isEmpty { focus = focus.previous }
        case .up, .character("k"):
            move(by: -1)
        case .down, .character("j"):
            move(by: 1)
        case .pageUp, .control("b"):
            move(by: -pageSize)
        case .pageDown, .control("f"):
            move(by: pageSize)
        case .home, .character("g"):
            move(by: -Int.max / 2)
        case .end, .character("G"):
            move(by: Int.max / 2)
        case .control("l"):
            return [.redraw]
        case .escape:
            notice = nil
            filters[focus] = nil
        case .character("/"):
            mode = .editing(LineEditor(filters[focus] ?? ""), .filter(focus))
        case .character("n"):
            guard writable("write a note") else { break }
            mode = .editing(LineEditor(), .note)
        case .character("e"):
            say("Exporting the postmortem draft…")
            return [.export]
        case .character("R"):
            guard writable("change the status") else { break }
            guard let next = incident.status.next else {
                say("The incident is already resolved.", error: true)
                break
            }
            mode = .confirming(.status(next))
        case .character("r"):
            guard writable("take or assign a role") else { break }
            let suggestion = selectedStep?.role ?? myRoles.first ?? playbook.roles.first?.id ?? ""
            mode = .editing(LineEditor(suggestion: suggestion), .role)
        default:
            if case .character(let character) = key, let elsewhere = KeyGuide.pane(for: character, otherThan: focus) {
                let name = character == " " ? "Space" : String(character)
                say("\(name) works in the \(elsewhere.pane.title) pane (\(elsewhere.entry.action)); Tab moves there.")
                return []
            }
            switch focus {
            case .playbook: return handlePlaybookKey(key)
            case .health: return handleHealthKey(key)
            case .timeline: return handleTimelineKey(key)
            case .alerts: return handleAlertsKey(key)
            }
        }
        return []
    }

    private mutating func handlePlaybookKey(_ key: KeyPress) -> [ConsoleCommand] {
        switch key {
        case .character(" "), .enter:
            guard writable("mark steps") else { return [] }
            guard let step = selectedStep else { return [] }
            if isPending(step: step.id) {
                say("Still saving the last change to this step…")
                return []
            }
            let kind: EntryKind = steps[step.id] == nil ? .stepDone(step: step.id) : .stepReopened(step: step.id)
            return [append(kind: kind, text: step.text)]
        case .character("s"):
            guard writable("skip steps") else { return [] }
            guard let step = selectedStep else { return [] }
            if steps[step.id] != nil {
                say("This step is already \(steps[step.id].map(Self.describe) ?? "closed"); Space reopens it.", error: true)
                return []
            }
            mode = .editing(LineEditor(), .skipReason(step: step.id))
        case .character("m"):
            mineOnly.toggle()
            playbookCursor = 0
            if mineOnly && myRoles.isEmpty {
                say("You hold no role yet: press r to take one.", error: true)
            }
        default:
            break
        }
        return []
    }

    private mutating func handleHealthKey(_ key: KeyPress) -> [ConsoleCommand] {
        if let commands = handleHealthPaneKey(key) { return commands }
        if key == .enter { return openInstanceDetail() }
        let kind: BalancerAction?
        switch key {
        case .character("d"): kind = .drain
        case .character("a"): kind = .ready
        case .character("M"): kind = .maintenance
        case .character("W"): kind = .restoreInitialWeight
        case .character("w"): kind = nil
        default: return []
        }
        guard let row = selectedHealthRow else {
            say("No instance selected.", error: true)
            return []
        }
        if readOnly {
            say("Read-only console: balancer actions are disabled (started with --read-only).", error: true)
            return []
        }
        guard row.kind == .server else {
            say("Select a server: a \(row.kind == .backend ? "BACKEND" : "FRONTEND") row cannot be drained or weighted.", error: true)
            return []
        }
        guard row.actionable else {
            say("\(row.source) cannot act on instances (only the HAProxy runtime API can).", error: true)
            return []
        }
        var request = InstanceActionRequest(source: row.source, pool: row.pool, instance: row.instance, action: .drain)
        if let kind {
            request.action = kind
            mode = .confirming(.balancerAction(request))
        } else {
            mode = .editing(LineEditor(suggestion: row.weight.map(String.init) ?? ""), .weight(request))
        }
        return []
    }

    private mutating func handleTimelineKey(_ key: KeyPress) -> [ConsoleCommand] {
        guard let item = selectedTimelineItem else { return [] }
        switch key {
        case .character("*"):
            guard writable("star events"), acknowledged(item) else { return [] }
            return [append(kind: .amendment(target: item.entry.id, change: item.starred ? .unstar : .star), text: "")]
        case .character("h"):
            guard writable("hide events"), acknowledged(item) else { return [] }
            return [append(kind: .amendment(target: item.entry.id, change: item.hidden ? .unhide : .hide), text: "")]
        case .character("E"):
            guard writable("edit events"), acknowledged(item) else { return [] }
            mode = .choosingAmendment(eventID: item.entry.id)
        case .enter:
            mode = .eventDetail(eventID: item.entry.id)
        default:
            break
        }
        return []
    }

    // MARK: - Editors and confirmations

    mutating func submit(_ text: String, for purpose: EditPurpose) -> [ConsoleCommand] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch purpose {
        case .note:
            guard !trimmed.isEmpty else {
                say("Empty note not written.")
                return []
            }
            return [append(kind: .note, text: trimmed)]
        case .skipReason(let step):
            guard !trimmed.isEmpty else {
                say("A skip needs a reason.", error: true)
                return []
            }
            return [append(kind: .stepSkipped(step: step), text: trimmed)]
        case .filter(let pane):
            filters[pane] = trimmed.isEmpty ? nil : text
            resetCursor(pane)
            return []
        case .role:
            return submitRole(trimmed)
        case .eventText(let eventID):
            guard !trimmed.isEmpty else {
                say("Empty text not written.", error: true)
                return []
            }
            return [append(kind: .amendment(target: eventID, change: .text(trimmed)), text: trimmed)]
        case .eventTime(let eventID):
            // The parser and the window of `--at`: a bare time of day is on the event's own day.
            let day = Timestamp(entries[eventID]?.time ?? now)
            let window = TimeWindow(incidentStartedAt: Timestamp(incident.startedAt), now: Timestamp(now))
            let time: Timestamp
            do {
                time = try TimeParser.parse(trimmed, day: day, within: window)
            } catch {
                say("Not changed: \(error.description).", error: true)
                return []
            }
            return [append(kind: .amendment(target: eventID, change: .time(time.date)), text: time.dateTimeUTC)]
        case .weight(var request):
            guard let weight = Int(trimmed), BalancerAction.weightRange.contains(weight) else {
                say("A weight is a number from 0 to 256.", error: true)
                return []
            }
            request.action = .setWeight(weight)
            mode = .confirming(.balancerAction(request))
            return []
        case .silence(let source, let fingerprint, _):
            return submitSilence(trimmed, source: source, fingerprint: fingerprint)
        case .runtimeCommand(let source):
            return submitRuntimeCommand(text, source: source)
        }
    }

    private mutating func submitRole(_ text: String) -> [ConsoleCommand] {
        guard !text.isEmpty else { return [] }
        var roleText = text
        var release = false
        var holder = me
        if roleText.hasPrefix("-") {
            release = true
            roleText.removeFirst()
        }
        if let equals = roleText.firstIndex(of: "=") {
            holder = String(roleText[roleText.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            roleText = String(roleText[..<equals])
        }
        roleText = roleText.trimmingCharacters(in: .whitespaces)
        guard !roleText.isEmpty, !holder.isEmpty else {
            say("Type a role id, e.g. IC, or IC=alice.", error: true)
            return []
        }
        var roleID = roleText
        if !playbook.roles.isEmpty {
            guard let role = playbook.role(id: roleText) ?? playbook.roles.first(where: {
                $0.name.lowercased() == roleText.lowercased()
            }) else {
                say("No role \(roleText) in this playbook (roles: \(playbook.roles.map(\.id).joined(separator: ", "))).", error: true)
                return []
            }
            roleID = role.id
        }
        if release {
            guard let current = roleHolders[roleID] else {
                say("Nobody holds \(roleID).", error: true)
                return []
            }
            return [append(kind: .roleReleased(role: roleID, holder: current), text: "\(current) released \(roleID)")]
        }
        if roleHolders[roleID] == holder {
            say("\(holder) already holds \(roleID).")
            return []
        }
        let text = holder == me ? "\(me) took \(roleID)" : "\(me) assigned \(roleID) to \(holder)"
        return [append(kind: .roleAssigned(role: roleID, holder: holder), text: text)]
    }

    private mutating func confirm(_ confirmation: PendingConfirmation) -> [ConsoleCommand] {
        switch confirmation {
        case .status(let status):
            return [append(kind: .statusChanged(status), text: "Incident \(status.rawValue)")]
        case .balancerAction(let request):
            say("Running `\(request.runtimeCommand)`…")
            return [.balancerAction(request)]
        case .silence(let order):
            say("Silencing \(TerminalSafe.escape(order.alert.name))…")
            return [.silenceAlert(order, author: me)]
        case .runtimeCommand(let request):
            return confirmRuntimeCommand(request)
        }
    }

    // MARK: - Results

    mutating func apply(_ result: CommandResult) {
        switch result {
        case .stored(let token, let stored):
            pending.removeValue(forKey: token)
            entries.merge(stored.map { ($0.id, $0) }) { _, new in new }
            rebuildTimeline()
        case .storeFailed(let token, let message):
            resolvePending(token)
            say("Not saved: \(message)", error: true)
        case .exported(let path):
            say("Postmortem draft written to \(path)")
        case .exportedBeside(let path, let kept):
            say("Postmortem draft written to \(path); \(kept) has edits made since postmoterm wrote it and was kept")
        case .exportFailed(let message):
            say("Export failed: \(message)", error: true)
        case .actionFinished(let request, let succeeded, let message):
            let answer = message.isEmpty ? (succeeded ? "done" : "failed") : message
            say("\(request.runtimeCommand): \(answer)", error: !succeeded)
        case .silenceFinished(_, let succeeded, let message):
            say(message, error: !succeeded)
        case .runtimeAnswer(let request, let succeeded, let answer):
            showRuntimeAnswer(request, succeeded: succeeded, answer: answer)
        }
    }

    // MARK: - Helpers

    private mutating func append(kind: EntryKind, text: String) -> ConsoleCommand {
        let role = myRoles.first
        let draft = TimelineDraft(kind: kind, text: text, author: me, role: role)
        let token = addPending(draft)
        return .append(token: token, draft: draft)
    }

    mutating func writable(_ what: String) -> Bool {
        if readOnly {
            say("Read-only console: cannot \(what) (started with --read-only).", error: true)
            return false
        }
        return true
    }

    private mutating func acknowledged(_ item: TimelineItem) -> Bool {
        if item.pending {
            say("That event is still being saved.", error: true)
            return false
        }
        return true
    }

    mutating func say(_ text: String, error: Bool = false) {
        notice = Notice(text: text, isError: error, shownAt: now)
    }

    private var pageSize: Int { max(1, size.rows / 2 - 2) }

    private mutating func move(by delta: Int) {
        switch focus {
        case .playbook: playbookCursor = Self.clamp(playbookCursor, delta, visibleSteps.count)
        case .health: healthCursor = Self.clamp(healthCursor, delta, visibleHealth.count)
        case .timeline: timelineCursor = Self.clamp(timelineCursor, delta, visibleTimeline.count)
        case .alerts: alertsCursor = Self.clamp(alertsCursor, delta, visibleAlerts.count)
        }
    }

    private mutating func resetCursor(_ pane: Pane) {
        switch pane {
        case .playbook: playbookCursor = 0
        case .health: healthCursor = 0
        case .timeline: timelineCursor = 0
        case .alerts: alertsCursor = 0
        }
    }

    mutating func clampCursors() {
        playbookCursor = Self.clamp(playbookCursor, 0, visibleSteps.count)
        healthCursor = Self.clamp(healthCursor, 0, visibleHealth.count)
        timelineCursor = Self.clamp(timelineCursor, 0, visibleTimeline.count)
        alertsCursor = Self.clamp(alertsCursor, 0, visibleAlerts.count)
    }

    static func clamp(_ value: Int, _ delta: Int, _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        let moved = value.addingReportingOverflow(delta)
        let target = moved.overflow ? (delta > 0 ? Int.max : 0) : moved.partialValue
        return min(max(0, target), count - 1)
    }

    static func describe(_ progress: StepProgress) -> String {
        switch progress.state {
        case .done: "done"
        case .skipped: "skipped"
        }
    }
}
