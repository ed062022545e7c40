import Dispatch

/// Runs blocking socket work on a dispatch queue, off Swift's cooperative thread pool (which has
/// as many threads as cores: a blocked socket there would stall the console).
enum BlockingIO {
    private static let queue = DispatchQueue(label: "postmoterm.balancer-io", attributes: .concurrent)

    static func run<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(E) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
