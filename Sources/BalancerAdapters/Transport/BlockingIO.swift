import Foundation

/// Runs blocking socket work on a thread of its own, off Swift's cooperative pool (as many
/// threads as cores: a socket blocked there would stall the console) and off Dispatch's default
/// pool (also sized to the cores, so a few hanging balancers would queue the others behind them).
/// A thread per exchange costs tens of microseconds, nothing next to a poll interval.
enum BlockingIO {
    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "postmoterm-balancer-io"
            thread.start()
        }
        return try result.get()
    }
}
