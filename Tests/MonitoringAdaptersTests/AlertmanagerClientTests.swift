import BalancerAdapters
import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore
import Testing

/// The client against the real Alertmanager (Debian's `prometheus-alertmanager`, started on a
/// loopback port), and against hostile answers.
@Suite(.timeLimit(.minutes(1)), .serialized) struct AlertmanagerClientTests {
    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func postedAlertsComeBackWithTheirOwnTimesAndText() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        let startsAt = Timestamp(Date()).adding(milliseconds: -90_000)
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2Jboom"
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(
            name: "HAProxyServerShareSkew", labels: ["severity": "critical", "backend": "api", "server": "b", "note": hostile],
            annotations: ["summary": "b takes \(hostile) of api", "runbook_url": "https://runbooks.example/haproxy/HAProxyServerShareSkew.md"],
            startsAt: startsAt) + "]")
        let alerts = try await lab.waitForAlerts { !$0.isEmpty }
        let alert = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(alert.name == "HAProxyServerShareSkew")
        #expect(alert.startsAt == startsAt)
        #expect(alert.severity == "critical")
        #expect(alert.labels["note"] == hostile)  // kept as received; shown escaped
        #expect(alert.summary == "b takes \(hostile) of api")
        #expect(alert.runbookURL == "https://runbooks.example/haproxy/HAProxyServerShareSkew.md")
        #expect(alert.fingerprint.count == 16)
        #expect(alert.isFiring(at: Timestamp(Date())))
        #expect(alert.status.state == .active || alert.status.state == .unprocessed)
        #expect(alert.whereLabels == ["backend=api", "server=b"])
    }

    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func aSilenceMadeThroughTheClientSilencesTheAlert() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        let now = Timestamp(Date())
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(name: "PoolDown", labels: ["backend": "api"], startsAt: now) + "]")
        let alert = try #require(try await lab.waitForAlerts { !$0.isEmpty }.first)
        let id = try await lab.client.createSilence(
            AlertSilenceRequest(silencing: alert, from: now, milliseconds: 3_600_000, createdBy: "alice", comment: "draining b"),
            timeout: 2)
        let silences = try await lab.client.silences(timeout: 2)
        let silence = try #require(silences.first { $0.id == id })
        #expect(silence.createdBy == "alice")
        #expect(silence.comment == "draining b")
        #expect(silence.state == .active)
        #expect(silence.endsAt == now.adding(milliseconds: 3_600_000))
        #expect(Set(silence.matchers) == Set(AlertSilence.matchers(for: alert)))
        let silenced = try await lab.waitForAlerts { $0.first?.status.isSilenced == true }
        #expect(silenced.first?.status.silencedBy == [id])
        #expect(silenced.first?.status.state == .suppressed)
    }

    @Test(.enabled(if: AlertmanagerServer.isInstalled)) func aResolvedAlertLeavesTheList() async throws {
        let lab = try AlertmanagerLab()
        defer { lab.stop() }
        let startsAt = Timestamp(Date()).adding(milliseconds: -60_000)
        let one = AlertmanagerLab.alertJSON(name: "A", labels: ["instance": "x"], startsAt: startsAt)
        try lab.server.postAlerts("[\(one)]")
        _ = try await lab.waitForAlerts { $0.count == 1 }
        try lab.server.postAlerts("[" + AlertmanagerLab.alertJSON(
            name: "A", labels: ["instance": "x"], startsAt: startsAt, endsAt: Timestamp(Date()).adding(milliseconds: -1_000)) + "]")
        let after = try await lab.waitForAlerts { $0.isEmpty }
        #expect(after.isEmpty)
    }

    @Test func credentialsGoInTheHeaderAndA401SaysSoWithoutThem() async throws {
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in
            HostileAnswer("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
        }
        defer { server.stop() }
        let address = try AlertmanagerAddress.parse("http://127.0.0.1:\(server.port)")
        let token = try #require(BearerToken("s3cret-token\n"))
        let client = AlertmanagerClient(address: address, authorization: .bearer(token))
        let error = await #expect(throws: AlertmanagerFetchError.self) { try await client.alerts(timeout: 2) }
        #expect(server.requests.first?.contains("Authorization: Bearer s3cret-token\r\n") == true)
        #expect(error?.description == "http://127.0.0.1:\(server.port): 401 unauthorized: the credentials were refused")
        #expect(error?.failure.kind == .unreachable)
        #expect(!"\(client.authorization!)".contains("s3cret"))
        let bare = AlertmanagerClient(address: address)
        let without = await #expect(throws: AlertmanagerFetchError.self) { try await bare.alerts(timeout: 2) }
        #expect(without?.reasonText.contains("--alerts-auth-file") == true)
    }

    @Test func garbageIsAnAnswerErrorNamingWhereItWentWrong() async throws {
        let body = #"[{"fingerprint":"abc","startsAt":"2026-12-07T20:00:00Z","status":{"state":"on fire"}}]"#
        let server = try HostileBalancer(.tcp, protocol: .http) { _ in
            HostileAnswer("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        defer { server.stop() }
        let client = AlertmanagerClient(address: try AlertmanagerAddress.parse("http://127.0.0.1:\(server.port)"))
        let error = await #expect(throws: AlertmanagerFetchError.self) { try await client.alerts(timeout: 2) }
        #expect(error?.failure.kind == .garbage)
        #expect(error?.description.contains("not Alertmanager API v2 alerts: bad value at [0].status.state") == true)
    }

    @Test func addressesParseAndNeverShowCredentials() throws {
        let address = try AlertmanagerAddress.parse("https://ops:pw@am.example:8443/alertmanager/")
        #expect(address.secure && address.host == "am.example" && address.port == 8443 && address.pathPrefix == "/alertmanager")
        #expect(address.display == "https://***:***@am.example:8443/alertmanager")
        #expect(try AlertmanagerAddress.parse("http://[::1]").port == 9093)
        #expect(throws: AlertmanagerAddress.ParseError.self) { try AlertmanagerAddress.parse("ftp://ops:pw@x") }
        do { _ = try AlertmanagerAddress.parse("ftp://ops:pw@x") } catch { #expect(!error.description.contains("pw")) }
    }
}
