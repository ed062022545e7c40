import Foundation
import PostmotermCore

/// The scripted team and the alert chain (``DemoAlerting``): they open the incident from the
/// first alert that fired, and follow the playbook its `runbook_url` names.
extension DemoDirector {
    /// Waits (at most `seconds` of real time) until an alert has fired; says so when none did.
    func waitForAlert(seconds: Double) async throws {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var said = false
        while await log.firstFiringAlert == nil {
            guard ContinuousClock.now < deadline else {
                await log.narrate("No alert has fired within \(Int(seconds)) s of waiting; the team opens the incident without one.")
                return
            }
            if !said {
                await log.narrate("The team waits for the page: Prometheus evaluates alerting/rules.yml on HAProxy's metrics.")
                said = true
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The IC's first note: which alert paged, and the playbook its `runbook_url` leads to.
    func noteThePage(author: Author) async {
        guard let alert = await log.firstFiringAlert else { return }
        let name = alert.data["alertname"] ?? alert.text
        var text = "Paged by \(name)"
        if let summary = alert.data["summary"], !summary.isEmpty { text += " (\(summary))" }
        if let playbook {
            let candidate = RunbookResolver.Candidate(path: playbook.path, claims: playbook.metadata.alerts)
            if let match = RunbookResolver.resolve(alertname: name, runbookURL: alert.data["runbookURL"], among: [candidate]) {
                text += "; its \(match.reason.rawValue) leads to \((match.path as NSString).lastPathComponent), which we follow"
            }
        }
        await log.record(.note(text + ".", author: author))
    }
}
