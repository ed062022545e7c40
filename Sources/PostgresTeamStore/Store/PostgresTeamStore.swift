import Foundation
import PostgresNIO
import PostmotermCore

/// The team store on PostgreSQL (issue 15): ``TeamStore`` over PostgresNIO, the only importer of
/// it. One connection for requests (``WorkConnection``), one for LISTEN (``NoticeListener``).
///
/// - The schema is made or migrated on first use (``prepare()``; ``TeamSchema``).
/// - `push` is one transaction per call: it takes the push lock (orders are handed out in commit
///   order), inserts with `ON CONFLICT (origin_id) DO NOTHING`, then answers the order of every
///   pushed id (new or already there) and NOTIFYs `incident:highest order` per incident, in the
///   same transaction (listeners hear of it only once it is committed).
/// - Every request is bounded by ``Options/timeout``: a hung server answers
///   ``TeamStoreError/timedOut(store:seconds:)``, never a caller that waits forever.
/// - Errors name the store as `host:port/database`, never the password.
public final class PostgresTeamStore: TeamStore, CustomStringConvertible {
    /// Timing of the store's network waits.
    public struct Options: Sendable {
        /// The longest any one request (waiting its turn, connecting, running) may take.
        public var timeout: Double
        /// How often the LISTEN connection checks that the server still answers.
        public var heartbeat: Double
        /// Waits between attempts to listen again.
        public var backoff: Backoff

        public init(timeout: Double = 5, heartbeat: Double = 5, backoff: Backoff = Backoff()) {
            self.timeout = timeout
            self.heartbeat = heartbeat
            self.backoff = backoff
        }
    }

    public let settings: TeamConnectionSettings
    let options: Options
    let work: WorkConnection
    private let listener: NoticeListener
    private let prepared = LockedFlag()

    public init(settings: TeamConnectionSettings, options: Options = Options()) {
        self.settings = settings
        self.options = options
        var logger = Logger(label: "postmoterm.team")
        logger.logLevel = .critical
        work = WorkConnection(settings: settings, timeout: options.timeout, logger: logger)
        listener = NoticeListener(
            settings: settings, timeout: options.timeout, heartbeat: options.heartbeat, backoff: options.backoff,
            logger: logger)
    }

    /// The store `connection` names: its URL parsed, its password found (`passwordFile`,
    /// `$PGPASSWORD`, then `$PGPASSFILE` or `~/.pgpass`). Bad settings fail with
    /// ``TeamStoreError/invalidURL(_:)``, a message without the password.
    public convenience init(
        connection: TeamConnection, options: Options = Options(),
        environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String = NSHomeDirectory()
    ) throws {
        do {
            let settings = try TeamConnectionSettings.parse(connection.url).resolvingPassword(
                passwordFile: connection.passwordFile, environment: environment, homeDirectory: homeDirectory)
            self.init(settings: settings, options: options)
        } catch let error as TeamSettingsError {
            throw TeamStoreError.invalidURL(error.description)
        }
    }

    /// The settings, without the password.
    public var description: String { "team store \(settings)" }

    public func prepare() async throws {
        let migrator = SchemaMigrator(store: settings.address)
        try await work.run { connection, logger in try await migrator.migrate(connection, logger: logger) }
        prepared.set()
    }

    /// ``prepare()`` once, before the first request.
    func prepareOnce() async throws {
        if !prepared.isSet { try await prepare() }
    }

    public func notices() -> AsyncStream<TeamNotice> {
        listener.stream()
    }

    public func shutdown() async {
        listener.shutdown()
        await work.shutdown()
    }
}

