import Foundation
import Testing

@testable import BalancerAdapters

/// Blocking socket work runs on long-lived threads: one thread serves poll after poll, and a
/// job that hangs never holds up the others.
@Suite struct BlockingIOTests {
    @Test func pollAfterPollRunsOnTheSameThread() async {
        var threads = Set<UInt>()
        for _ in 0..<20 {
            threads.insert(await BlockingIO.run { () -> UInt in UInt(pthread_self()) })
        }
        // Other suites may be using the pool at the same moment; without reuse this would be 20.
        #expect(threads.count <= 3)
    }

    @Test func aHangingJobDoesNotHoldUpTheOthers() async throws {
        let release = DispatchSemaphore(value: 0)
        // Four jobs that block until released, then one that must finish while they still block.
        let hanging = (0..<4).map { _ in
            Task { await BlockingIO.run { () -> Bool in release.wait(); return true } }
        }
        let start = ContinuousClock.now
        let quick = await BlockingIO.run { () -> Int in 42 }
        #expect(quick == 42)
        #expect(ContinuousClock.now - start < .seconds(2))
        for _ in hanging { release.signal() }
        for task in hanging { #expect(await task.value) }
    }

    @Test func errorsComeBackToTheCaller() async {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await BlockingIO.run { () throws(Refused) -> Int in throw Refused() }
        }
    }
}
