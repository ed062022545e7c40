import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// The playbooks in `playbooks/` load cleanly and say what an on-call engineer needs.
@Suite struct ShippedPlaybookTests {
    static let folder = packageRoot.appendingPathComponent("playbooks")

    private func load(_ name: String) throws -> Playbook {
        let result = PlaybookLoader.load(path: Self.folder.appendingPathComponent(name).path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.playbook)
    }

    @Test func allShippedPlaybooksLoadWithoutDiagnostics() {
        let results = PlaybookLoader.loadAll(paths: [Self.folder.path])
        #expect(results.count == 3)
        for result in results {
            #expect(result.diagnostics.isEmpty, "\(result.path): \(result.diagnostics)")
        }
    }

    @Test func apiOutageFollowsTheSeedIncident() throws {
        let playbook = try load("api-outage-load-balancer.md")
        #expect(playbook.metadata.severity == "SEV-1")
        #expect(playbook.metadata.balancer == "/run/haproxy/admin.sock")
        #expect(playbook.roles.map(\.id) == ["ic", "ops", "comms", "scribe"])
        #expect(playbook.phases.map(\.title) == ["Triage", "Mitigate", "Recover", "Verify"])
        let commands = playbook.allSteps.flatMap(\.commands).map(\.text)
        #expect(commands.contains { $0.contains("show stat") && $0.contains("socat stdio /run/haproxy/admin.sock") })
        #expect(commands.contains("echo \"set server api/api-2 state drain\" | socat stdio /run/haproxy/admin.sock"))
        #expect(commands.contains("echo \"set server api/api-2 weight 1\" | socat stdio /run/haproxy/admin.sock"))
        #expect(playbook.allSteps.allSatisfy { $0.role != nil })
        let followUps = playbook.followUps.map { $0.text.lowercased() }
        for topic in ["configuration", "monitoring", "auto-scaling", "circuit breaker", "load tests"] {
            #expect(followUps.contains { $0.contains(topic) }, "no follow-up about \(topic)")
        }
    }

    @Test func sev1CoversTheIncidentLifecycle() throws {
        let playbook = try load("sev1-incident-command.md")
        #expect(playbook.phases.map(\.title) == ["Declare", "Stabilise", "Status updates", "Hand-over", "Resolve", "Postmortem"])
        #expect(Set(playbook.allSteps.compactMap(\.role)) == ["ic", "ops", "comms", "scribe"])
    }

    @Test func elevated5xxCoversOneBadInstanceAndAnOpenBreaker() throws {
        let playbook = try load("elevated-5xx-degraded-service.md")
        #expect(playbook.metadata.severity == "SEV-2")
        #expect(playbook.allSteps.contains { $0.section == "Dependency failing" && $0.text.contains("breakers") })
        #expect(playbook.allSteps.flatMap(\.commands).contains { $0.text.contains("set server api/api-3 state drain") })
    }
}
