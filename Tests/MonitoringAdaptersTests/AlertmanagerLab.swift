import Foundation
import LoopbackLab
import MonitoringAdapters
import PostmotermCore

/// A real Alertmanager for one test, and the client that talks to it.
struct AlertmanagerLab {
    let server: AlertmanagerServer
    let client: AlertmanagerClient

    init() throws {
        server = try AlertmanagerServer()
        try server.start()
        client = AlertmanagerClient(address: AlertmanagerAddress(host: "127.0.0.1", port: Int(server.port)))
    }

    func stop() { server.stop() }

    /// One alert as Prometheus posts it (`POST /api/v2/alerts`).
    static func alertJSON(
        name: String, labels: [String: String] = [:], annotations: [String: String] = [:], startsAt: Timestamp,
        endsAt: Timestamp? = nil
    ) -> String {
        var object: [String: Any] = [
            "labels": labels.merging(["alertname": name]) { _, new in new },
            "annotations": annotations,
            "startsAt": startsAt.iso8601,
        ]
        if let endsAt { object["endsAt"] = endsAt.iso8601 }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Polls the alerts until `condition` holds, at most `timeout` seconds (Alertmanager applies
    /// a post at once, but waiting on the condition keeps the test honest on a busy machine).
    func waitForAlerts(timeout: Double = 10, _ condition: ([Alert]) -> Bool) async throws -> [Alert] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let alerts = try await client.alerts(timeout: 2)
            if condition(alerts) || Date() > deadline { return alerts }
            await Task.yield()
        }
    }
}
