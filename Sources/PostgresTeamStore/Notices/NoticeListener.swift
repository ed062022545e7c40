import Foundation
import PostgresNIO
import PostmotermCore

/// The store's dedicated LISTEN connection, turned into ``TeamNotice`` streams.
///
/// Started by the first ``stream()``. Each time it is listening (the first time and after every
/// reconnect) every stream gets ``TeamNotice/resubscribed``: notifications are not stored, so the
/// consumer fetches `after:` the last order it saw for each incident it follows, which covers
/// whatever was sent while nobody listened. A heartbeat (`SELECT 1` within the store's timeout
/// every ``heartbeat`` seconds) notices a server that hangs or a link that silently died; then
/// the connection is dropped and made again, waiting ``Backoff`` between attempts.
final class NoticeListener: @unchecked Sendable {
    private let settings: TeamConnectionSettings
    private let timeout: Double
    private let heartbeat: Double
    private let backoff: Backoff
    private let logger: Logger
    private let lock = NSLock()
    private var continuations: [UUID: AsyncStream<TeamNotice>.Continuation] = [:]
    private var task: Task<Void, Never>?
    private var isShutDown = false

    init(settings: TeamConnectionSettings, timeout: Double, heartbeat: Double, backoff: Backoff, logger: Logger) {
        self.settings = settings
        self.timeout = timeout
        self.heartbeat = heartbeat
        self.backoff = backoff
        self.logger = logger
    }

    func stream() -> AsyncStream<TeamNotice> {
        let (stream, continuation) = AsyncStream<TeamNotice>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let key = UUID()
        let start = lock.withLock { () -> Bool in
            guard !isShutDown else { return false }
            continuations[key] = continuation
            return task == nil
        }
        if lock.withLock({ isShutDown }) {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.lock.withLock { self?.continuations.removeValue(forKey: key) }
        }
        if start {
            let task = Task { [self] in await listen() }
            lock.withLock { self.task = task }
        }
        return stream
    }

    func shutdown() {
        let (task, continuations) = lock.withLock {
            isShutDown = true
            defer { self.continuations = [:] }
            return (self.task, self.continuations)
        }
        task?.cancel()
        for continuation in continuations.values { continuation.finish() }
    }

    private func broadcast(_ notice: TeamNotice) {
        for continuation in lock.withLock({ Array(continuations.values) }) { continuation.yield(notice) }
    }

    /// Listens, and after every loss waits the backoff and listens again, until cancelled.
    private func listen() async {
        var attempt = 0
        while !Task.isCancelled {
            let listened = LockedFlag()
            do {
                let configuration = try settings.postgresConfiguration()
                let logger = self.logger
                let connection = try await Timeout.run(seconds: timeout) {
                    try await PostgresConnection.connect(configuration: configuration, id: 2, logger: logger)
                }
                await withTaskCancellationHandler {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { [self] in
                            try? await connection.listen(on: TeamSchema.channel) { notifications in
                                listened.set()
                                broadcast(.resubscribed)
                                for try await notification in notifications {
                                    if let notice = Self.notice(notification.payload) { broadcast(notice) }
                                }
                            }
                        }
                        group.addTask { [self] in await keepAlive(connection) }
                        await group.next()
                        group.cancelAll()
                        _ = try? await connection.close()
                    }
                } onCancel: {
                    connection.closeInBackground()
                }
            } catch {
                // Unreachable, refused, timed out: try again after the backoff.
            }
            attempt = listened.isSet ? 1 : attempt + 1
            try? await Task.sleep(for: backoff.delay(attempt: attempt))
        }
    }

    /// Returns when the connection stops answering within the timeout (or is closed).
    private func keepAlive(_ connection: PostgresConnection) async {
        let logger = self.logger
        while !Task.isCancelled, !connection.isClosed {
            try? await Task.sleep(for: .milliseconds(Int64(heartbeat * 1000)))
            do {
                try await Timeout.run(seconds: timeout, onExpiry: { connection.closeInBackground() }) {
                    _ = try await connection.query("SELECT 1", logger: logger).collect()
                }
            } catch {
                return
            }
        }
    }

    /// `incident:serverOrder` (the payload the push's `pg_notify` sends), or nil.
    static func notice(_ payload: String) -> TeamNotice? {
        guard let colon = payload.lastIndex(of: ":"), let order = Int64(payload[payload.index(after: colon)...]),
            let incident = IncidentID(rawValue: String(payload[..<colon]))
        else { return nil }
        return .appended(incident: incident, serverOrder: order)
    }
}

