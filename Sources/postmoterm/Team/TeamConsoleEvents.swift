import Console
import PostmotermCore

/// A shared incident's events as the console shows them (issue 15): the console keeps this
/// host's numbers (its amendments name them), and marks what convergence found. An event that
/// lost a conflict (a role someone else took first, a status already set, a step already done)
/// is shown with the note (`… — ic is held by alice`) and changes nothing in the console's
/// roles, steps or status.
enum TeamConsoleEvents {
    /// The conflict notes of `incident`'s events by local sequence; empty when the incident is
    /// not shared (or the store is not a team log).
    static func marks(of incident: IncidentID, in store: any IncidentStore) throws -> [Int64: String] {
        let log = (store as? any TeamLog) ?? ((store as? TeamRecordingLeases)?.local as? any TeamLog)
        guard let log, try log.sharedIncidents().contains(where: { $0.id == incident }) else { return [:] }
        var notes: [Int64: String] = [:]
        for (sequence, conflict) in TeamConvergence.conflicts(try log.teamEntries(of: incident)) where conflict.0 != .alsoAmended {
            notes[sequence] = conflict.note
        }
        return notes
    }

    /// `events` mapped for the console (`EventMapping.consoleEvents`), the marked ones as notes.
    static func consoleEvents(_ events: [Event], marks: [Int64: String]) -> [ConsoleEvent] {
        EventMapping.consoleEvents(events).map { event in
            guard let note = marks[event.id] else { return event }
            var marked = event
            marked.kind = .other(label(event.kind))
            marked.text = event.text + " — " + note
            return marked
        }
    }

    private static func label(_ kind: EntryKind) -> String {
        switch kind {
        case .stepDone: "step done"
        case .roleAssigned: "role"
        case .statusChanged: "status"
        default: "conflict"
        }
    }
}
