import Foundation
import PostmotermCore

/// Writes the postmortem draft of an incident for the console's `e` key.
enum PostmortemFile {
    /// Where the draft goes: `postmortem-<id>.md` in the current directory when it is writable,
    /// else in `<data dir>/exports/`.
    static func path(for incident: IncidentID, dataDirectory: String) -> String {
        let name = "postmortem-\(incident.rawValue).md"
        let cwd = FileManager.default.currentDirectoryPath
        if access(cwd, W_OK) == 0 { return (cwd as NSString).appendingPathComponent(name) }
        return ((dataDirectory as NSString).appendingPathComponent("exports") as NSString).appendingPathComponent(name)
    }

    /// Renders the Markdown draft from the store's events and writes it atomically; returns the path.
    static func export(
        incident id: IncidentID, store: any IncidentStore, followUps: [String], dataDirectory: String
    ) throws -> String {
        let incident = try store.incident(id)
        let events = try store.events(of: id)
        let markdown = PostmortemExporter.markdown(
            PostmortemInput(incident: incident, events: events, followUps: followUps, generatedAt: Timestamp(Date())))
        let path = path(for: id, dataDirectory: dataDirectory)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
