import Testing
@testable import PostmotermCore

@Suite struct BalancerActionTests {
    let socket = BalancerAddress(endpoint: .haproxyUnix(path: "/run/haproxy/admin.sock"))
    let sam = Author(name: "sam", role: "ops")

    @Test func commandsAreTheExactRuntimeAPIText() throws {
        #expect(try BalancerAction.drain.haproxyCommand(pool: "api", instance: "api-2") == "set server api/api-2 state drain")
        #expect(try BalancerAction.ready.haproxyCommand(pool: "api", instance: "api-2") == "set server api/api-2 state ready")
        #expect(try BalancerAction.maintenance.haproxyCommand(pool: "api", instance: "api-2") == "set server api/api-2 state maint")
        #expect(try BalancerAction.setWeight(10).haproxyCommand(pool: "api", instance: "api-2") == "set server api/api-2 weight 10")
        #expect(try BalancerAction.setWeight(0).haproxyCommand(pool: "be_1.x", instance: "srv:8080") == "set server be_1.x/srv:8080 weight 0")
        #expect(try BalancerAction.restoreInitialWeight.haproxyCommand(pool: "api", instance: "api-2") == "set server api/api-2 weight 100%")
    }

    @Test(arguments: ["api-2; shutdown sessions server api/api-1", "api 2", "api-2\nset weight api/api-1 0", "", "api/2", "é"])
    func namesThatCouldCarryAnotherCommandAreRefused(name: String) {
        #expect(throws: BalancerActionError.self) { try BalancerAction.drain.haproxyCommand(pool: "api", instance: name) }
        #expect(throws: BalancerActionError.self) { try BalancerAction.drain.haproxyCommand(pool: name, instance: "api-2") }
    }

    @Test func weightsOutsideHAProxysRangeAreRefused() {
        #expect(throws: BalancerActionError.weightOutOfRange(257)) {
            try BalancerAction.setWeight(257).haproxyCommand(pool: "api", instance: "api-2")
        }
        #expect(throws: BalancerActionError.weightOutOfRange(-1)) {
            try BalancerAction.setWeight(-1).haproxyCommand(pool: "api", instance: "api-2")
        }
    }

    @Test func readOnlyIsRefusedBeforeAnythingElse() {
        #expect(throws: BalancerActionError.readOnly) {
            try BalancerActionRequest(action: .drain, source: socket, pool: "api", instance: "api-2", author: sam, readOnly: true)
        }
    }

    @Test func statsPagesAndEnvoyCannotAct() throws {
        let page = BalancerAddress(
            endpoint: .haproxyStatsPage(secure: false, host: "127.0.0.1", port: 8404, path: "/stats;csv"),
            credentials: BasicCredentials(user: "admin", password: "s3cret"))
        do {
            _ = try BalancerActionRequest(action: .drain, source: page, pool: "api", instance: "api-2", author: sam, readOnly: false)
            Issue.record("a stats page must not act")
        } catch {
            guard case .sourceCannotAct(let source, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(!source.contains("s3cret"))
            #expect(reason.contains("runtime socket"))
            #expect(!error.description.contains("s3cret"))
        }
        let envoy = BalancerAddress(endpoint: .envoyAdmin(host: "127.0.0.1", port: 9901))
        #expect(throws: BalancerActionError.self) {
            try BalancerActionRequest(action: .setWeight(1), source: envoy, pool: "api", instance: "10.0.0.2:80", author: sam, readOnly: false)
        }
        let tcp = BalancerAddress(endpoint: .haproxyTCP(host: "127.0.0.1", port: 9999))
        let request = try BalancerActionRequest(action: .drain, source: tcp, pool: "api", instance: "api-2", author: sam, readOnly: false)
        #expect(request.command == "set server api/api-2 state drain")
        #expect(request.confirmation.contains("Command: set server api/api-2 state drain"))
    }

    @Test func answersAreReadAsHAProxyMeansThem() throws {
        let request = try BalancerActionRequest(action: .drain, source: socket, pool: "api", instance: "api-2", author: sam, readOnly: false)
        let at = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        let applied = BalancerActionResult(request: request, haproxyAnswer: "\n", at: at)
        #expect(applied.outcome == .applied)
        #expect(applied.succeeded)

        let denied = BalancerActionResult(request: request, haproxyAnswer: "Permission denied\n\n", at: at)
        #expect(denied.outcome == .permissionDenied)
        #expect(denied.message.contains("level admin"))

        let unknown = BalancerActionResult(request: request, haproxyAnswer: "No such server.\n\n", at: at)
        #expect(unknown.outcome == .rejected)
        #expect(unknown.message.hasSuffix("No such server."))

        let hostile = BalancerActionResult(request: request, haproxyAnswer: "oops \u{1B}[2J", at: at)
        #expect(!hostile.answer.contains("\u{1B}"))
    }

    @Test func theEventDraftRecordsWhoWhatAndTheAnswer() throws {
        let request = try BalancerActionRequest(
            action: .setWeight(1), source: socket, pool: "api", instance: "api-2", author: sam, readOnly: false)
        let at = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
        let ok = BalancerActionResult(request: request, haproxyAnswer: "", at: at).eventDraft
        #expect(ok.kind == .balancerAction)
        #expect(ok.author == sam)
        #expect(ok.data["source"] == "haproxy+unix:///run/haproxy/admin.sock")
        #expect(ok.data["pool"] == "api")
        #expect(ok.data["instance"] == "api-2")
        #expect(ok.data["command"] == "set server api/api-2 weight 1")
        #expect(ok.data["result"] == "ok")
        #expect(ok.text.contains("`set server api/api-2 weight 1` → ok"))

        let denied = BalancerActionResult(request: request, haproxyAnswer: "Permission denied", at: at).eventDraft
        #expect(denied.data["result"] == "error")
        #expect(denied.data["answer"]?.contains("Permission denied") == true)
        #expect(denied.text.contains("→ error"))
    }
}
