import Foundation
import PostmotermCore

/// The two halves of a log read on two threads, joined in order.
final class ParallelHalves: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[Event], any Error>?] = [nil, nil]

    func set(_ half: Int, _ result: Result<[Event], any Error>) {
        lock.withLock { results[half] = result }
    }

    func joined() throws -> [Event] {
        let (first, second) = lock.withLock { (results[0], results[1]) }
        guard let first, let second else { throw IncidentStoreError.storage("a parallel read did not finish") }
        var events = try first.get()
        events.append(contentsOf: try second.get())
        return events
    }
}
