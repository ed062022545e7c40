import ArgumentParser
import Foundation
import PostmotermCore

/// What `mitigate` and `resolve` share: move the incident to a status and say so; the words
/// given after the command (`postmoterm mitigate drained api-2`, what a tired responder types)
/// become a note at the same time, right after the change, instead of being refused.
struct StatusChange {
    let status: IncidentStatus
    let selection: IncidentSelection
    let time: TimeOption
    let who: AuthorOptions
    let storage: DataDirectoryOptions
    /// The words after the command; empty for none.
    var note: [String] = []

    func run() throws {
        let text = note.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try storage.openStore()
        let incident: Incident
        let happenedAt: Timestamp?
        let event: Event
        do {
            incident = try selection.resolve(in: store, for: .changeStatus(to: status))
            happenedAt = try time.timestamp(incidentStartedAt: incident.startedAt)
            event = try store.append(.statusChange(to: status, author: who.author, happenedAt: happenedAt), to: incident.id)
        } catch where !text.isEmpty {
            // Say so: the responder believes the words are on record.
            throw IncidentCommandError("\(error)\nthe note was not logged either: \(Terminal.safe(text))")
        }
        let since = ElapsedTime(from: incident.startedAt, to: event.time).spelledOut
        print("\(incident.id) \(status.rawValue) at \(event.time.hourMinute) UTC (\(since) after the start)")
        guard !text.isEmpty else { return }
        let logged = try store.append(.statusNote(text, with: status, author: who.author, happenedAt: event.time), to: incident.id)
        print("logged note #\(logged.sequence) in \(incident.id): \(text)")
    }
}
