import Console
import Foundation
import PostmotermCore

/// Translates between the incident log's events and the console's values.
enum EventMapping {
    /// The committed events the console's timeline shows: the narrative ones
    /// (`EventKind.isNarrative`), mapped.
    static func consoleEvents(_ events: [Event]) -> [ConsoleEvent] {
        events.filter { $0.kind.isNarrative }.map(consoleEvent)
    }

    /// A committed event as the console shows it.
    static func consoleEvent(_ event: Event) -> ConsoleEvent {
        let data = event.data
        let kind: EntryKind
        var text = event.text
        switch event.kind {
        case .incidentStarted: kind = .other("incident started")
        case .note: kind = .note
        case .actionItem: kind = .other("action item")
        case .stepDone: kind = .stepDone(step: data["step"] ?? "")
        case .stepSkipped:
            kind = .stepSkipped(step: data["step"] ?? "")
            text = data["reason"] ?? event.text
        case .stepReopened: kind = .stepReopened(step: data["step"] ?? "")
        case .roleAssigned: kind = .roleAssigned(role: data["role"] ?? "", holder: data["holder"] ?? event.author.name)
        case .roleReleased: kind = .roleReleased(role: data["role"] ?? "", holder: data["holder"] ?? event.author.name)
        case .statusChanged:
            kind = data["to"].flatMap(IncidentStatus.init(rawValue:)).map { .statusChanged($0) } ?? .other("status")
        case .balancerObservation:
            kind = .balancerObservation(serious: isSerious(finding: data["finding"], to: data["to"]))
        case .balancerAction: kind = .balancerAction
        case .amendment:
            if let target = event.amends, let amendment = Amendment(event: event) {
                kind = .amendment(target: target, change: entryAmendment(amendment))
            } else {
                kind = .other("amendment")
            }
        case .export:
            kind = .export
            text = data["path"] ?? event.text
        case .balancerCounters: kind = .bookkeeping
        case .alertFiring: kind = .alert(firing: true)
        case .alertResolved: kind = .alert(firing: false)
        case .alertSilenced: kind = .alertSilenced
        case .playbookChosen:
            kind = .playbookChosen(path: data["playbookPath"] ?? "", digest: data["playbookDigest"], alertname: data["alertname"])
        }
        return ConsoleEvent(
            id: event.sequence, recordedAt: event.recordedAt.date, happenedAt: event.happenedAt?.date,
            author: event.author.name, role: event.author.role, kind: kind, text: text)
    }

    static func isSerious(finding: String?, to: String?) -> Bool {
        switch finding {
        case "breakerOpen", "poolDown", "errorRate", "sourceUnreachable", "sourceGarbage", "weightSkew": true
        case "statusChange": to?.uppercased().hasPrefix("DOWN") ?? false
        default: false
        }
    }

    static func entryAmendment(_ amendment: Amendment) -> EntryAmendment {
        switch amendment {
        case .editText(let text): .text(text)
        case .editTime(let time): .time(time.date)
        case .star: .star
        case .unstar: .unstar
        case .hide: .hide
        case .unhide: .unhide
        }
    }

    /// The store draft for what the console asked to append.
    static func eventDraft(_ draft: TimelineDraft, playbook: PlaybookOutline) -> EventDraft {
        let author = Author(name: draft.author, role: draft.role)
        let happenedAt = draft.happenedAt.map(Timestamp.init)
        func stepText(_ id: String) -> String { playbook.step(id: id)?.text ?? id }
        switch draft.kind {
        case .note:
            return .note(draft.text, author: author, happenedAt: happenedAt)
        case .stepDone(let step):
            return EventDraft(kind: .stepDone, text: stepText(step), author: author, happenedAt: happenedAt, data: ["step": step])
        case .stepSkipped(let step):
            return EventDraft(kind: .stepSkipped, text: stepText(step), author: author, happenedAt: happenedAt,
                              data: ["step": step, "reason": draft.text])
        case .stepReopened(let step):
            return EventDraft(kind: .stepReopened, text: stepText(step), author: author, happenedAt: happenedAt, data: ["step": step])
        case .roleAssigned(let role, let holder):
            return EventDraft(kind: .roleAssigned, text: draft.text, author: author, happenedAt: happenedAt,
                              data: ["role": role, "holder": holder])
        case .roleReleased(let role, let holder):
            return EventDraft(kind: .roleReleased, text: draft.text, author: author, happenedAt: happenedAt,
                              data: ["role": role, "holder": holder])
        case .statusChanged(let status):
            return .statusChange(to: status, author: author, happenedAt: happenedAt)
        case .amendment(let target, let change):
            let amendment: Amendment =
                switch change {
                case .star: .star
                case .unstar: .unstar
                case .hide: .hide
                case .unhide: .unhide
                case .text(let text): .editText(text)
                case .time(let date): .editTime(Timestamp(date))
                }
            return .amendment(of: target, amendment, author: author)
        case .playbookChosen(let path, let digest, let alertname):
            var data = ["playbookPath": path]
            data["playbookDigest"] = digest
            data["alertname"] = alertname
            return EventDraft(kind: .playbookChosen, text: draft.text, author: author, happenedAt: happenedAt, data: data)
        case .balancerObservation, .balancerAction, .export, .bookkeeping, .alert, .alertSilenced, .other:
            return .note(draft.text, author: author, happenedAt: happenedAt)
        }
    }

    /// A balancer finding as a `balancerObservation` event (PostmotermCore's `Finding.eventDraft`).
    static func eventDraft(_ finding: Finding) -> EventDraft {
        finding.eventDraft
    }
}
