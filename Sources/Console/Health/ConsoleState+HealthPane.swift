import PostmotermCore

/// The health pane's keys beyond the instance actions: fold a pool (Space), the column picker
/// (`c`) and the runtime command line (`:`), with the modes they open. Called by
/// ``ConsoleReducer``; pure like it.
extension ConsoleState {
    /// The health pane's own keys; `nil` when `key` is not one of them.
    mutating func handleHealthPaneKey(_ key: KeyPress) -> [ConsoleCommand]? {
        switch key {
        case .character(" "):
            guard let row = selectedHealthRow else { return [] }
            let pool = HealthPoolKey(source: row.source, pool: row.pool)
            guard row.kind != .frontend, health.contains(where: { $0.kind == .backend && $0.source == row.source && $0.pool == row.pool })
            else {
                say("Only a pool with a BACKEND row folds.", error: true)
                return []
            }
            toggleCollapsed(pool)
            // The cursor stays on the pool: on its BACKEND row.
            if let index = visibleHealth.firstIndex(where: { $0.kind == .backend && $0.source == row.source && $0.pool == row.pool }) {
                healthCursor = index
            }
            return []
        case .character("c"):
            mode = .pickingColumns(cursor: 0)
            return []
        case .character(":"):
            let selected = selectedHealthRow.flatMap { $0.actionable ? $0.source : nil }
            guard let source = selected ?? health.first(where: \.actionable)?.source else {
                say("The command line needs an HAProxy runtime socket (--balancer haproxy+unix://… or haproxy+tcp://…).", error: true)
                return []
            }
            mode = .editing(LineEditor(capacity: 500), .runtimeCommand(source: source))
            return []
        default:
            return nil
        }
    }

    /// A key while the column picker is open: move, toggle (Space/Enter), close (Esc, q, c).
    mutating func handleColumnPickerKey(_ key: KeyPress, cursor: Int) {
        let columns = HealthColumnID.allCases
        switch key {
        case .up, .character("k"):
            mode = .pickingColumns(cursor: max(0, cursor - 1))
        case .down, .character("j"):
            mode = .pickingColumns(cursor: min(columns.count - 1, cursor + 1))
        case .home, .character("g"):
            mode = .pickingColumns(cursor: 0)
        case .end, .character("G"):
            mode = .pickingColumns(cursor: columns.count - 1)
        case .character(" "), .enter:
            let column = columns[min(max(0, cursor), columns.count - 1)]
            if hiddenHealthColumns.remove(column) == nil { hiddenHealthColumns.insert(column) }
        default:
            mode = .normal
        }
    }

    /// A key while a runtime answer is shown: scroll, or close (Esc, q, Enter, anything else).
    mutating func handleRuntimeAnswerKey(_ key: KeyPress, answer: RuntimeAnswer) {
        var answer = answer
        let visible = max(1, size.rows - 5)
        switch key {
        case .down, .character("j"): answer.scroll(by: 1, visible: visible)
        case .up, .character("k"): answer.scroll(by: -1, visible: visible)
        case .pageDown, .character(" "), .control("f"): answer.scroll(by: visible, visible: visible)
        case .pageUp, .control("b"): answer.scroll(by: -visible, visible: visible)
        case .home, .character("g"): answer.scroll(by: -Int.max, visible: visible)
        case .end, .character("G"): answer.scroll(by: Int.max, visible: visible)
        default:
            mode = .normal
            return
        }
        mode = .runtimeAnswer(answer)
    }

    /// Enter on the command line: a read-only command runs at once; one that may change the
    /// balancer asks y/n, or is refused under `--read-only`.
    mutating func submitRuntimeCommand(_ text: String, source: String) -> [ConsoleCommand] {
        let (checked, refusal) = RuntimeCommandRequest.make(source: source, text: text)
        guard let request = checked else {
            say(refusal ?? "Not sent.", error: true)
            return []
        }
        if request.changesState {
            if readOnly {
                say("Read-only console: `\(TerminalSafe.escape(request.command))` may change the balancer and is refused (started with --read-only); show, get and help still run.", error: true)
                return []
            }
            mode = .confirming(.runtimeCommand(request))
            return []
        }
        say("Running `\(TerminalSafe.escape(request.command))`…")
        return [.runtimeCommand(request)]
    }

    /// `y` on a command that may change the balancer.
    mutating func confirmRuntimeCommand(_ request: RuntimeCommandRequest) -> [ConsoleCommand] {
        say("Running `\(TerminalSafe.escape(request.command))`…")
        return [.runtimeCommand(request)]
    }

    /// The answer arrived: shown in the scrollable view, unless the responder is busy with
    /// another prompt (then its first line goes to the status row).
    mutating func showRuntimeAnswer(_ request: RuntimeCommandRequest, succeeded: Bool, answer: String) {
        let view = RuntimeAnswer(request: request, succeeded: succeeded, answer: answer)
        notice = nil
        if mode == .normal {
            mode = .runtimeAnswer(view)
        } else {
            say("\(TerminalSafe.escape(request.command)): \(view.lines.first ?? "")", error: !succeeded)
        }
    }
}
