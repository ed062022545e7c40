import Foundation
import Testing
@testable import PostmotermCore

@Suite struct BalancerHealthTableTests {
    private func seedViews() throws -> ([SourceView], [Finding]) {
        var history = SnapshotHistory()
        var detector = HealthDetector()
        let csv = BalancerFixtures.csv([
            BalancerFixtures.server("api", "api-1", weight: 1, reqTot: 10),
            BalancerFixtures.server("api", "api-2", weight: 10, reqTot: 100),
            BalancerFixtures.server("api", "api-3", status: "DOWN", weight: 1, hanafail: "0", check: "HANA", desc: "Detected 2 consecutive errors"),
            BalancerFixtures.server("api", "api-4", status: "MAINT", weight: 1),
            BalancerFixtures.backend("api", reqTot: 110),
        ])
        let snapshot = history.refine(try BalancerFixtures.parse(csv))
        let findings = detector.observe(snapshot)
        return ([SourceView(source: snapshot.source, state: .live, snapshot: snapshot)], findings)
    }

    @Test func worstFirstWithMarkersInWords() throws {
        let (views, findings) = try seedViews()
        let text = HealthTable.render(sources: views, findings: findings)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "haproxy+unix:///run/haproxy/admin.sock — live, 1 pool, 4 instances")
        #expect(lines[1].hasPrefix("   INSTANCE"))
        #expect(lines[2].hasPrefix("!! api/api-3  DOWN"))
        #expect(lines[2].contains("HANA (Detected 2 consecutive errors)"))
        #expect(lines[2].contains("OPEN"))
        #expect(lines[3].hasPrefix("!  api/api-2  UP"))
        #expect(lines[3].contains("90.9% SKEW"))
        #expect(lines[4].hasPrefix("-  api/api-4  MAINT"))  // out on purpose, still above the fine ones
        #expect(lines[5].hasPrefix("   api/api-1  UP      1       9.1%"))
        #expect(lines[5].contains("3/5"))
        #expect(text.contains("!  pool api: weight skew — fair share is 50.0% per serving instance"))
        #expect(text.contains("Findings:\n!! weight skew in api: api-2 takes 90.9% of the traffic weight"))
        #expect(text.contains("!! breaker OPEN on api/api-3"))
    }

    @Test func staleAndUnreachableHeaders() throws {
        let (views, _) = try seedViews()
        let stale = SourceView(source: "haproxy+tcp://lb:9", state: .stale(age: 125, reason: "haproxy+tcp://lb:9: connection refused"), snapshot: views[0].snapshot)
        #expect(HealthTable.header(stale) == "haproxy+tcp://lb:9 — STALE, data 2m old (1 pool, 4 instances); last poll failed: haproxy+tcp://lb:9: connection refused")
        let down = SourceView(source: "envoy+http://e:1", state: .unreachable(reason: "timed out"), snapshot: nil)
        #expect(HealthTable.render(sources: [down], findings: []) == "envoy+http://e:1 — UNREACHABLE: timed out\n   (no data)\n\nFindings: none\n")
    }

    @Test func jsonReport() throws {
        let (views, findings) = try seedViews()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: encoder.encode(HealthReport(sources: views, findings: findings))) as? [String: Any]
        let sources = try #require(object?["sources"] as? [[String: Any]])
        #expect(sources[0]["state"] as? String == "live")
        let instances = try #require((sources[0]["pools"] as? [[String: Any]])?.first?["instances"] as? [[String: Any]])
        #expect(instances[1]["skewed"] as? Bool == true)
        #expect(instances[2]["breaker"] as? String == "open")
        #expect(instances[2]["attention"] as? String == "critical")
        let entries = try #require(object?["findings"] as? [[String: Any]])
        #expect(entries.contains { $0["kind"] as? String == "weightSkew" })
    }
}
