import Dispatch
import PostmotermCore

/// Runs the store's blocking calls (SQLite, with its busy timeout) on one serial queue, off the
/// Swift concurrency pool, so a slow disk or a long lock never stalls keys or drawing; appends
/// keep the order the responder made them in.
final class StoreWorker: Sendable {
    let store: any IncidentStore
    private let queue = DispatchQueue(label: "postmoterm.store")

    init(store: any IncidentStore) {
        self.store = store
    }

    func run<T: Sendable>(_ work: @escaping @Sendable (any IncidentStore) throws -> T) async throws -> T {
        let store = store
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work(store) })
            }
        }
    }
}
