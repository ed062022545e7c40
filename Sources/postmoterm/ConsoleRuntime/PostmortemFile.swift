import Foundation
import PostmotermCore
import Synchronization

/// Writes the postmortem draft of an incident for the console's `e` key.
enum PostmortemFile {
    /// What `e` wrote.
    struct Written: Sendable {
        /// Where the draft went.
        var path: String
        /// The file it would have replaced but kept, because a responder edited it since
        /// postmoterm wrote it (``DraftFileRule``); nil when the usual name was free to write.
        var kept: String?
        /// The `export` event's data for it (``DraftFileRule`` reads its digest).
        var eventData: [String: String]
    }

    /// Drafts this process wrote without an `export` event in the log (a read-only console may
    /// not write to it), as the events that would have recorded them: ``DraftFileRule`` knows
    /// them too, so a second `e` refreshes the console's own draft rather than numbering a copy.
    private static let unrecorded = Mutex<[Event]>([])

    /// Where the draft goes: `postmortem-<id>.md` in `folder` (the current directory) when it is
    /// writable, else in `<data dir>/exports/`.
    static func path(
        for incident: IncidentID, dataDirectory: String, folder: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let name = "postmortem-\(incident.rawValue).md"
        if access(folder, W_OK) == 0 { return (folder as NSString).appendingPathComponent(name) }
        return ((dataDirectory as NSString).appendingPathComponent("exports") as NSString).appendingPathComponent(name)
    }

    /// Renders the Markdown draft from the store's events (and its SVG charts beside it,
    /// ``DraftCharts``) and writes it atomically — never over
    /// a file changed since postmoterm wrote it (then beside it, `-2`, `-3` …) — and records
    /// the export as `author` (nil: not recorded here — a read-only console, or the demo, which
    /// records it on its own clock with ``Written/eventData``).
    static func export(
        incident id: IncidentID, store: any IncidentStore, followUps: [String], dataDirectory: String, author: Author?,
        folder: String = FileManager.default.currentDirectoryPath
    ) throws -> Written {
        let incident = try store.incident(id)
        let events = try store.events(of: id)
        let preferred = LocalPath.absolute(path(for: id, dataDirectory: dataDirectory, folder: folder))
        let known = events + unrecorded.withLock { $0.filter { $0.incidentID == id } }
        guard let path = DraftFileRule.target(preferred: preferred, events: known, existing: DraftFile.digest(atPath:)) else {
            throw ExportRefusal(description: "\(preferred) and its numbered copies all hold edits; move some away")
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let history = try DraftCharts.history(of: id, in: store)
        let charts = try DraftCharts.write(history: history, events: events, beside: path)
        let markdown = Data(PostmortemExporter.markdown(
            PostmortemInput(
                incident: incident, events: events, followUps: followUps, generatedAt: Timestamp(Date()), history: history,
                charts: charts)).utf8)
        try DraftFile.write(markdown, toPath: path)
        let written = Written(
            path: path, kept: path == preferred ? nil : preferred,
            eventData: DraftFile.eventData(path: path, format: "markdown", bytes: markdown))
        if let author {
            _ = try store.append(
                EventDraft(kind: .export, text: "Postmortem draft exported to \(path)", author: author, data: written.eventData),
                to: id)
        } else {
            let event = Event(
                incidentID: id, sequence: 0, recordedAt: Timestamp(Date()), author: .postmoterm, kind: .export, text: "",
                data: written.eventData)
            unrecorded.withLock { $0.append(event) }
        }
        return written
    }

    /// Why no draft was written.
    struct ExportRefusal: Error, CustomStringConvertible {
        let description: String
    }
}
