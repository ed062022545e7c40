import Foundation
import Testing

@testable import BalancerAdapters

/// Blocking socket work runs on long-lived threads: one thread serves poll after poll, and a
/// job that hangs never holds up the others.
@Suite(.timeLimit(.minutes(1))) struct BlockingIOTests {
    @Test func pollAfterPollRunsOnTheSameThread() async {
        // A pool of its own (the shared one serves other suites meanwhile): a thread is idle again
        // before its caller resumes, so one job after another always finds that same thread.
        let pool = BlockingIOThreads()
        var threads = Set<UInt>()
        for _ in 0..<20 {
            threads.insert(await withCheckedContinuation { continuation in
                pool.submit {
                    let thread = UInt(pthread_self())
                    return { continuation.resume(returning: thread) }
                }
            })
        }
        #expect(threads.count == 1)
        // Through BlockingIO on the shared pool, other suites may take a thread in between.
        var shared = Set<UInt>()
        for _ in 0..<20 {
            shared.insert(await BlockingIO.run { () -> UInt in UInt(pthread_self()) })
        }
        #expect(shared.count < 10)
    }

    @Test func aHangingJobDoesNotHoldUpTheOthers() async throws {
        let release = DispatchSemaphore(value: 0)
        // Four jobs that block until released, then one that must finish while they still block.
        let hanging = (0..<4).map { _ in
            Task { await BlockingIO.run { () -> Bool in release.wait(); return true } }
        }
        // Held up, it would wait for jobs released only after it: the time limit would fail it.
        let quick = await BlockingIO.run { () -> Int in 42 }
        #expect(quick == 42)
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
