import PostmotermCore

extension ConsoleState {
    /// The steps of the current playbook that are done or skipped (work a switch would leave behind).
    var doneStepCount: Int {
        playbook.phases.reduce(0) { count, phase in count + phase.steps.filter { steps[$0.id] != nil }.count }
    }

    /// `o` found and loaded the alert's playbook: switch to it, or ask first when steps of the
    /// current playbook are done. The same playbook again only says so.
    mutating func offerPlaybook(_ alertPlaybook: AlertPlaybook) -> [ConsoleCommand] {
        if alertPlaybook.outline == playbook {
            say("Already on the playbook for \(TerminalSafe.escape(alertPlaybook.alertName)): \(TerminalSafe.escape(alertPlaybook.path)).")
            return []
        }
        let done = doneStepCount
        if done > 0 {
            mode = .confirming(.switchPlaybook(alertPlaybook, doneSteps: done))
            return []
        }
        return switchPlaybook(to: alertPlaybook)
    }

    /// Shows `alertPlaybook` from its first step and logs who switched to which playbook as a
    /// `playbookChosen` event, which makes it the incident's playbook for every later `open` (a
    /// read-only console switches its view only). Steps keep their progress by id in the log.
    mutating func switchPlaybook(to alertPlaybook: AlertPlaybook) -> [ConsoleCommand] {
        playbook = alertPlaybook.outline
        playbookCursor = 0
        focus = .playbook
        let name = TerminalSafe.escape(alertPlaybook.alertName)
        let path = TerminalSafe.escape(alertPlaybook.path)
        guard !readOnly else {
            say("Showing the playbook for \(name): \(path) (read-only console: not logged).")
            return [.usePlaybook(alertPlaybook.outline)]
        }
        say("Switched to the playbook for \(name): \(path).")
        let title = alertPlaybook.outline.title.isEmpty ? "" : " (\(TerminalSafe.escape(alertPlaybook.outline.title)))"
        let choice = EntryKind.playbookChosen(path: alertPlaybook.path, digest: alertPlaybook.digest, alertname: alertPlaybook.alertName)
        return [.usePlaybook(alertPlaybook.outline),
                append(kind: choice, text: "\(me) switched to the playbook \(path)\(title) for the alert \(name)")]
    }
}
