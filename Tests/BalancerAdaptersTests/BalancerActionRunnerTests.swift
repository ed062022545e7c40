import Foundation
import Testing
import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// Balancer actions against a real HAProxy: the command reaches it, the next poll shows the
/// effect, and refusals say what they mean.
@Suite(.serialized, .timeLimit(.minutes(1))) struct BalancerActionRunnerTests {
    let sam = Author(name: "sam", role: "ops")

    @Test func drainThenReadyShowOnTheNextPoll() async throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        let poller = BalancerPoller(sources: [BalancerSources.make(lab.unixAddress)], interval: 1)
        // Health checks settle first (a fresh server reads `UP 1/2` until its checks have run).
        let settled = await pollUntil(poller) { $0.instance("api", "api-2")?.status == .up }
        #expect(settled.matched)

        let drain = try BalancerActionRequest(
            action: .drain, source: lab.unixAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        #expect(drain.command == "set server api/api-2 state drain")
        let result = await BalancerActionRunner().run(drain)
        #expect(result.outcome == .applied, "answer: \(result.answer)")
        let next = await poller.pollOnce(force: true)
        #expect(next.instance("api", "api-2")?.status == .draining)
        #expect(next.instance("api", "api-2")?.status.label == "DRAIN")

        let draft = result.eventDraft
        #expect(draft.kind == .balancerAction)
        #expect(draft.author == sam)
        #expect(draft.data["command"] == "set server api/api-2 state drain")
        #expect(draft.data["result"] == "ok")
        #expect(draft.data["source"] == lab.unixAddress.display)

        let ready = try BalancerActionRequest(
            action: .ready, source: lab.tcpAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        #expect(await BalancerActionRunner().run(ready).succeeded)
        #expect(await poller.pollOnce(force: true).instance("api", "api-2")?.status.isServing == true)
    }

    @Test func weightAndBackToTheInitialWeight() async throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        let runner = BalancerActionRunner()
        let poller = BalancerPoller(sources: [BalancerSources.make(lab.unixAddress)], interval: 1)
        let raise = try BalancerActionRequest(
            action: .setWeight(10), source: lab.unixAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        #expect(await runner.run(raise).succeeded)
        #expect(await poller.pollOnce(force: true).instance("api", "api-2")?.configuredWeight == 10)
        #expect(try lab.haproxy.command("get weight api/api-2").hasPrefix("10 (initial 1)"))

        let restore = try BalancerActionRequest(
            action: .restoreInitialWeight, source: lab.unixAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        #expect(await runner.run(restore).succeeded)
        #expect(try lab.haproxy.command("get weight api/api-2").hasPrefix("1 (initial 1)"))
        #expect(await poller.pollOnce(force: true).instance("api", "api-2")?.configuredWeight == 1)
    }

    @Test func unknownServerIsRejectedWithHAProxysAnswer() async throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        let request = try BalancerActionRequest(
            action: .maintenance, source: lab.unixAddress, pool: "api", instance: "api-9", author: sam, readOnly: false)
        let result = await BalancerActionRunner().run(request)
        #expect(result.outcome == .rejected)
        #expect(result.answer.contains("No such server"))
        #expect(result.eventDraft.data["result"] == "error")
    }

    @Test func permissionDeniedOnAUserLevelSocketSaysTheLevelIsTooLow() async throws {
        let backend = TinyHTTPBackend()
        try backend.start()
        defer { backend.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-action-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let userSocket = directory.appendingPathComponent("user.sock").path
        let adminSocket = directory.appendingPathComponent("admin.sock").path
        let config = """
            global
                stats socket \(adminSocket) mode 600 level admin
                stats socket \(userSocket) mode 600 level user
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            backend api
                server api-1 127.0.0.1:\(backend.port) weight 1
                server api-2 127.0.0.1:\(backend.port) weight 1

            """
        let configPath = directory.appendingPathComponent("haproxy.cfg").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let haproxy = try SupervisedProcess(
            executable: HAProxyProcess.defaultExecutable, arguments: ["-f", configPath, "-db"],
            outputPath: directory.appendingPathComponent("haproxy.log").path)
        defer { haproxy.terminate() }
        let address = try BalancerAddress.parse(userSocket)
        let client = try #require(HAProxyRuntimeClient(address: address))
        // Wait (bounded) until HAProxy answers on the user socket.
        #expect(HAProxyProcess.waitForAdminSocket(userSocket, timeout: 30))

        let request = try BalancerActionRequest(
            action: .drain, source: address, pool: "api", instance: "api-2", author: sam, readOnly: false)
        let result = await BalancerActionRunner().run(request)
        #expect(result.outcome == .permissionDenied)
        #expect(result.message.contains("below level admin"))
        #expect(result.eventDraft.data["result"] == "error")
        #expect(result.eventDraft.data["answer"]?.contains("Permission denied") == true)
        // Nothing changed.
        let admin = try #require(HAProxyRuntimeClient(address: try BalancerAddress.parse(adminSocket)))
        #expect(try await admin.send(command: "show servers state api").contains("api-2"))
        #expect(!(try await admin.send(command: "show stat")).contains("DRAIN"))
    }

    @Test func statsPageAndEnvoyRefuseBeforeSendingAndReadOnlyRefusesEverything() throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        #expect(throws: BalancerActionError.self) {
            try BalancerActionRequest(action: .drain, source: lab.statsAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        }
        do {
            _ = try BalancerActionRequest(action: .drain, source: lab.statsAddress, pool: "api", instance: "api-2", author: sam, readOnly: false)
        } catch {
            #expect(error.description.contains("cannot act"))
            #expect(!error.description.contains(lab.statsPage.password))
        }
        #expect(throws: BalancerActionError.readOnly) {
            try BalancerActionRequest(action: .drain, source: lab.unixAddress, pool: "api", instance: "api-2", author: sam, readOnly: true)
        }
        // Nothing was sent: api-2 is still up and in rotation.
        #expect(try lab.haproxy.command("show stat").contains("DRAIN") == false)
    }

    @Test func aMissingSocketIsUnreachableNotAThrow() async throws {
        let address = try BalancerAddress.parse("/nonexistent/postmoterm-test/admin.sock")
        let request = try BalancerActionRequest(
            action: .drain, source: address, pool: "api", instance: "api-2", author: sam, readOnly: false)
        let result = await BalancerActionRunner(timeout: 1).run(request)
        #expect(result.outcome == .unreachable)
        #expect(result.message.hasPrefix("not sent"))
        #expect(result.eventDraft.data["result"] == "error")
    }
}
