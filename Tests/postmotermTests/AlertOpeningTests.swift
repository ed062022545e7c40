import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore
import Testing

@testable import postmoterm

/// `open --alert NAME|FINGERPRINT` against the real Alertmanager: the alert meant and its playbook.
@Suite(.timeLimit(.minutes(1)), .serialized) struct AlertOpeningTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/playbooks"

    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func theAlertIsFoundByNameOrFingerprintWithItsPlaybook() async throws {
        let server = try AlertmanagerServer()
        try server.start()
        defer { server.stop() }
        let startsAt = Timestamp(Date()).adding(milliseconds: -120_000)
        try server.postAlerts(#"[{"labels":{"alertname":"HAProxyServerDown","server":"api-2"},"startsAt":"\#(startsAt.iso8601)"}]"#)
        let client = AlertmanagerClient(address: AlertmanagerAddress(host: "127.0.0.1", port: Int(server.port)))
        var fingerprint = ""
        let deadline = Date().addingTimeInterval(10)
        while fingerprint.isEmpty, Date() < deadline {
            fingerprint = try await client.alerts(timeout: 2).first?.fingerprint ?? ""
        }
        for name in ["HAProxyServerDown", fingerprint] {
            guard case .success(let picked) = await AlertOpening.pick(name, clients: [client], folders: [Self.shipped]) else {
                Issue.record("\(name) not picked")
                continue
            }
            #expect(picked.alert.startsAt == startsAt)
            #expect(picked.playbookPath == Self.shipped + "/api-outage-load-balancer.md")
            #expect(picked.note.contains("(by front matter alerts)"))
        }
        guard case .failure(let refusal) = await AlertOpening.pick("Nope\u{1B}[2J", clients: [client], folders: [Self.shipped]) else {
            Issue.record("an unknown alert was picked")
            return
        }
        #expect(refusal.message == "no firing alert named or with the fingerprint Nope^[[2J")
    }
}
