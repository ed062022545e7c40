import PostgresNIO
import PostmotermCore

/// The store's one connection for requests (pushes, fetches, leases), opened on first use and
/// again after it was lost. Requests take turns (a transaction owns the connection while it
/// runs); each has one deadline for waiting its turn, connecting and running: when it passes, the
/// connection is closed (a hung server cannot hold it) and the caller gets
/// ``TeamStoreError/timedOut(store:seconds:)``.
actor WorkConnection {
    let settings: TeamConnectionSettings
    let timeout: Double
    private let logger: Logger
    private var connection: PostgresConnection?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false

    init(settings: TeamConnectionSettings, timeout: Double, logger: Logger) {
        self.settings = settings
        self.timeout = timeout
        self.logger = logger
    }

    /// Runs `body` on the connection in its turn, within ``timeout`` overall.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(timeout * 1000)))
        do {
            return try await Timeout.run(seconds: timeout) { [self] in
                await acquire()
                do {
                    let connection = try await connected()
                    let remaining = ContinuousClock.now.duration(to: deadline)
                    let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
                    let value = try await Timeout.run(seconds: seconds, onExpiry: { connection.closeInBackground() }) {
                        try await body(connection, self.logger)
                    }
                    await release(failed: false)
                    return value
                } catch {
                    await release(failed: !(error is TeamStoreError))
                    throw error
                }
            }
        } catch {
            throw TeamStoreError.from(error, settings: settings, timeout: timeout)
        }
    }

    /// A store dropped without ``shutdown()`` (a caller that threw first) still closes its
    /// connection: PostgresNIO traps in a debug build on a connection freed while open.
    deinit { connection?.closeInBackground() }

    /// Closes the connection; later requests fail.
    func shutdown() async {
        isShutDown = true
        let connection = self.connection
        self.connection = nil
        try? await connection?.close()
    }

    private func connected() async throws -> PostgresConnection {
        if isShutDown { throw TeamStoreError.unreachable(store: settings.address, reason: "the store was shut down") }
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let configuration = try settings.postgresConfiguration()
        let made = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        connection = made
        return made
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the turn on; after a failure that may have left the connection mid-transaction or
    /// broken, closes it so the next request starts clean.
    private func release(failed: Bool) async {
        if failed, let connection {
            self.connection = nil
            connection.closeInBackground()
        }
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
