import Console
import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// `o` on an alert, outside the console: the alert's playbook found and loaded as `open PLAYBOOK`
/// loads one, or a clear error naming the file.
struct AlertPlaybookLoadingTests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alert-playbooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("# Disk full\n\n## Triage\n\n- [ ] Find the biggest files\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/DiskFull.md"))
        try Data([0x23, 0x20, 0xFF, 0xFE, 0x00, 0x0A]).write(to: URL(fileURLWithPath: folder + "/Broken.md"))
        return folder
    }

    @Test func theAlertsPlaybookIsLoadedForTheConsole() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let message = AlertActions.loadPlaybook(for: Alert(fingerprint: "f1", labels: ["alertname": "DiskFull"], startsAt: Timestamp(Date())), folders: [folder])
        guard case .commandResult(.playbookLoaded(let loaded)) = message else {
            Issue.record("not loaded: \(message)")
            return
        }
        #expect(loaded.path == folder + "/DiskFull.md")
        #expect(loaded.alertName == "DiskFull")
        #expect(loaded.outline.title == "Disk full")
        #expect(loaded.outline.stepCount == 1)
    }

    @Test func aPlaybookThatDoesNotLoadIsAnErrorNamingTheFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let message = AlertActions.loadPlaybook(for: Alert(fingerprint: "f2", labels: ["alertname": "Broken"], startsAt: Timestamp(Date())), folders: [folder])
        guard case .notice(let text, let isError) = message else {
            Issue.record("loaded: \(message)")
            return
        }
        #expect(isError)
        #expect(text.hasPrefix("The playbook for Broken does not load (\(folder)/Broken.md)"))
        let none = AlertActions.loadPlaybook(for: Alert(fingerprint: "f3", labels: ["alertname": "Nowhere"], startsAt: Timestamp(Date())), folders: [folder])
        #expect(none == .notice("No local playbook for Nowhere in \(folder).", isError: true))
    }
}
