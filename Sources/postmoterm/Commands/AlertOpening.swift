import Foundation
import MarkdownAdapter
import MonitoringAdapters
import PostmotermCore

/// `postmoterm open --alert NAME|FINGERPRINT`: the firing alert meant, and its playbook.
enum AlertOpening {
    struct Picked {
        var alert: Alert
        /// The playbook resolved for it (``RunbookResolver``), if any.
        var playbookPath: String?
        /// What to tell the responder before the console opens.
        var note: String
    }

    struct Refusal: Error {
        var message: String
    }

    /// Asks every Alertmanager once; the alert whose fingerprint is `name`, else the earliest
    /// firing one with that alertname.
    static func pick(_ name: String, clients: [AlertmanagerClient], folders: [String]) async -> Result<Picked, Refusal> {
        guard !clients.isEmpty else { return .failure(Refusal(message: "--alert needs --alerts URL")) }
        let reports = await AlertPoller(clients: clients).pollOnce()
        let alerts = reports.compactMap(\.snapshot).flatMap(\.alerts)
        let failures = reports.filter { !$0.state.isLive }.map(\.state.label)
        guard let alert = alerts.first(where: { $0.fingerprint == name })
            ?? alerts.filter({ $0.name == name }).min(by: { $0.startsAt < $1.startsAt })
        else {
            let why = failures.isEmpty ? "" : " (\(failures.joined(separator: "; ")))"
            return .failure(Refusal(message: "no firing alert named or with the fingerprint \(TerminalSafe.escape(name))\(why)"))
        }
        let match = RunbookResolver.resolve(alertname: alert.name, runbookURL: alert.runbookURL,
                                            among: RunbookCatalog.candidates(in: folders))
        let shown = TerminalSafe.escape(alert.name)
        let note = match.map { "alert \(shown) (firing since \(alert.startsAt.dateTimeUTC)): playbook \(TerminalSafe.escape($0.path)) (by \($0.reason.rawValue))" }
            ?? "alert \(shown) (firing since \(alert.startsAt.dateTimeUTC)): no local playbook found in \(folders.joined(separator: ", "))"
        return .success(Picked(alert: alert, playbookPath: match?.path, note: note))
    }
}
