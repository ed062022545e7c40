import Console
import Foundation
import MarkdownAdapter
import MonitoringAdapters
import PostmotermCore

/// What the alerts pane's keys do outside the console: silence an alert in Alertmanager (and
/// log who and until when), and find an alert's playbook.
enum AlertActions {
    /// Creates the silence, then logs an `alertSilenced` event (state `created`) signed by `author`.
    static func silence(
        _ order: SilenceOrder, author: String, clients: [AlertmanagerClient], incident: IncidentID, readOnly: Bool,
        worker: StoreWorker
    ) async -> CommandResult {
        let name = TerminalSafe.escape(order.alert.name)
        guard !readOnly else { return .silenceFinished(order, succeeded: false, message: "Read-only console: not silenced.") }
        guard let client = clients.first(where: { $0.source == order.source }) else {
            return .silenceFinished(order, succeeded: false, message: "Unknown Alertmanager \(order.source); not silenced.")
        }
        let now = Timestamp(Date())
        let request = AlertSilenceRequest(silencing: order.alert, from: now, milliseconds: order.milliseconds, createdBy: author,
                                          comment: order.comment)
        let id: String
        do {
            id = try await client.createSilence(request, timeout: 5)
        } catch {
            return .silenceFinished(order, succeeded: false, message: "\(name) not silenced: \(error.description)")
        }
        let silence = AlertSilence(id: id, matchers: request.matchers, startsAt: request.startsAt, endsAt: request.endsAt,
                                   createdBy: author, comment: order.comment, state: .active)
        let draft = AlertTransitions.silenceDraft(silence, state: "created", source: order.source, author: Author(name: author),
                                                  at: now, fingerprint: order.alert.fingerprint)
        do {
            _ = try await worker.run { try $0.append(draft, to: incident) }
        } catch {
            return .silenceFinished(order, succeeded: false,
                                    message: "\(name) silenced until \(request.endsAt.dateTimeUTC), but not logged: \(ConsoleRuntime.describe(error))")
        }
        return .silenceFinished(order, succeeded: true, message: "\(name) silenced until \(request.endsAt.dateTimeUTC) (silence \(id)).")
    }

    /// The alert's playbook (``RunbookResolver``) loaded as `open PLAYBOOK` loads one
    /// (``PlaybookLoader``), for the console to switch to; else an error notice naming the file
    /// and its first diagnostic, or the folders searched.
    static func loadPlaybook(for alert: Alert, folders: [String]) -> ConsoleMessage {
        let name = TerminalSafe.escape(alert.name)
        let candidates = RunbookCatalog.candidates(in: folders)
        guard let match = RunbookResolver.resolve(alertname: alert.name, runbookURL: alert.runbookURL, among: candidates) else {
            let url = alert.runbookURL.map { " Its runbook_url: \(TerminalSafe.escape($0))." } ?? ""
            return .notice("No local playbook for \(name) in \(folders.joined(separator: ", ")).\(url)", isError: true)
        }
        let result = PlaybookLoader.load(path: match.path)
        guard let playbook = result.playbook else {
            let why = result.diagnostics.first.map { ": \(TerminalSafe.escape($0.description))" } ?? ""
            return .notice("The playbook for \(name) does not load (\(TerminalSafe.escape(match.path)))\(why)", isError: true)
        }
        return .commandResult(.playbookLoaded(AlertPlaybook(
            alertName: alert.name, path: match.path, outline: PlaybookOutline(playbook), digest: PlaybookDigest.stored(playbook))))
    }
}
