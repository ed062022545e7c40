import ArgumentParser
import Foundation
import PostmotermCore

/// What `mitigate` and `resolve` share: move the incident to a status and say so.
struct StatusChange {
    let status: IncidentStatus
    let selection: IncidentSelection
    let time: TimeOption
    let who: AuthorOptions
    let storage: DataDirectoryOptions

    func run() throws {
        let store = try storage.openStore()
        let incident = try selection.resolve(in: store, for: .changeStatus(to: status))
        let happenedAt = try time.timestamp(incidentStartedAt: incident.startedAt)
        let event = try store.append(.statusChange(to: status, author: who.author, happenedAt: happenedAt), to: incident.id)
        let since = ElapsedTime(from: incident.startedAt, to: event.time).spelledOut
        print("\(incident.id) \(status.rawValue) at \(event.time.hourMinute) UTC (\(since) after the start)")
    }
}
