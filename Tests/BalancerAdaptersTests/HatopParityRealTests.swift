import Foundation
import Testing
@testable import BalancerAdapters
import LoopbackLab
import PostmotermCore

/// hatop parity against a real HAProxy: traffic moves the counters and HTTP classes, the FRONTEND
/// row and the process line are there, and a typed runtime command goes through the action path.
@Suite(.serialized, .timeLimit(.minutes(1))) struct HatopParityRealTests {
    let author = Author(name: "sam", role: "ops")

    @Test func trafficMovesCountersAndClassesAndTheFrontendRowIsThere() async throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        let poller = BalancerPoller(sources: [BalancerSources.make(lab.unixAddress)], interval: 1)
        let settled = await pollUntil(poller) { $0.instance("api", "api-2")?.status == .up }
        #expect(settled.matched)
        let before = await poller.pollOnce(force: true)
        let statuses = lab.sendRequests(30)
        #expect(statuses.filter { $0 == 200 }.count == 30)
        let after = await poller.pollOnce(force: true)
        let snapshot = try #require(after.sources.first?.snapshot)
        let previous = try #require(before.sources.first?.snapshot)
        let pool = try #require(snapshot.pool(named: "api"))
        let was = try #require(previous.pool(named: "api"))
        #expect((pool.detail[.responses2xx] ?? 0) - (was.detail[.responses2xx] ?? 0) == 30)
        #expect((pool.detail[.bytesOut] ?? 0) > (was.detail[.bytesOut] ?? 0))
        let served = snapshot.pools.flatMap(\.instances).reduce(UInt64(0)) { $0 + ($1.detail[.responses2xx] ?? 0) }
        #expect(served >= 30)
        #expect(!snapshot.frontends.isEmpty)
        #expect(snapshot.frontends.map { $0.detail[.responses2xx] ?? 0 }.max() ?? 0 >= 30, "the frontend the requests came through")
        let process = try #require(snapshot.process)
        #expect(!process.version.isEmpty && (process.uptimeSeconds ?? -1) >= 0)
    }

    @Test func aTypedRuntimeCommandIsSentCheckedAndLogged() async throws {
        let lab = try SeedLab(weights: [1, 1, 1])
        defer { lab.stop() }
        let request = try BalancerActionRequest(
            action: .runtimeCommand("set server api/api-3 weight 0"), source: lab.unixAddress, pool: "", instance: "",
            author: author, readOnly: false)
        let result = await BalancerActionRunner().run(request)
        #expect(result.succeeded, "answer: \(result.answer)")
        #expect(result.eventDraft.data["command"] == "set server api/api-3 weight 0")
        #expect(result.eventDraft.data["result"] == "ok" && result.eventDraft.data["pool"] == nil)
        let unknown = try BalancerActionRequest(
            action: .runtimeCommand("frobnicate"), source: lab.unixAddress, pool: "", instance: "", author: author, readOnly: false)
        #expect(await BalancerActionRunner().run(unknown).eventDraft.data["result"] == "error")
        #expect(throws: BalancerActionError.readOnly) {
            try BalancerActionRequest(action: .runtimeCommand("disable server api/api-2"), source: lab.unixAddress, pool: "",
                                      instance: "", author: author, readOnly: true)
        }
        #expect(throws: BalancerActionError.self) {
            try BalancerActionRequest(action: .runtimeCommand("show info; disable server api/api-2"), source: lab.unixAddress,
                                      pool: "", instance: "", author: author, readOnly: false)
        }
    }
}
