import Foundation
import GRDB
import PostmotermCore
import Synchronization

/// The `IncidentStore` on one SQLite database file (`postmoterm.sqlite` in the data directory).
///
/// Durable and shared: WAL journal, `synchronous=FULL` (an event returned by `append` survives a
/// power cut), every write in a `BEGIN IMMEDIATE` transaction that allocates the event's sequence,
/// and a busy timeout, so several processes can append to one incident at once without losing
/// an event or showing "database is locked". Events are append-only (enforced by triggers too).
///
/// Opening never overwrites or repairs: a file that is not an SQLite database, a database of
/// another application, or one written by a newer postmoterm is refused with a clear error.
public final class SQLiteIncidentStore: Sendable {
    /// The database file's name inside the data directory.
    public static let fileName = "postmoterm.sqlite"
    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 15

    /// Logs longer than this are read with two connections at once.
    let parallelReadThreshold: Int64

    /// The database file.
    public let path: String
    let pool: DatabasePool
    let clock: any WallClock
    /// Makes the origin id of every event this store writes (team mode, issue 15).
    let originIDs: EventOriginIDGenerator
    /// The label of this host on the events it writes (`TeamHost.label` unless given).
    public let originHost: String

    /// Whether this store was opened for reading only (``init(readingFrom:clock:)``).
    public let isReadOnly: Bool

    /// A writer's record of the log as healthy, written when it closes the log (nil: a reader).
    private let damageCheck: DamageCheckRecord?
    /// Whether a writer may record the log as healthy when it closes: set once it opened the log
    /// (checked or created), cleared for good when SQLite reports damage.
    private let mayRecordHealthy = Mutex(false)

    /// What is unsafe about the data directory's or the database's permissions (anyone may
    /// write them: 0777, 0666); the commands print these. Left as they are, since a data
    /// directory may be shared on purpose (group-writable is not warned about).
    public var permissionWarnings: [String] {
        DataDirectory.permissionWarnings(directory: (path as NSString).deletingLastPathComponent, database: path)
    }

    /// Opens (creating when missing) the database in `directory`; see `DataDirectory.resolve`.
    /// A writer: the database is checked with `PRAGMA quick_check` first, and a damaged one is
    /// refused (``IncidentStoreError/damagedDatabase(path:finding:)``) so nothing is appended
    /// to a log whose reads fail; the check is skipped when the log is exactly as the last
    /// writer that closed it left it (``DamageCheckRecord``).
    public convenience init(
        directory: String, clock: any WallClock = SystemClock(), originHost: String? = nil
    ) throws(IncidentStoreError) {
        try self.init(directory: directory, clock: clock, parallelReadThreshold: 20_000, originHost: originHost)
    }

    /// Opens the database in `directory` for reading only (`list`, `timeline`, `export` to
    /// stdout): read-only connections, no directory or file created, no migration, nothing in
    /// the file touched, so another user's log or a read-only data directory can be read.
    /// Throws ``IncidentStoreError/noLog(path:)`` when there is no database yet.
    public convenience init(readingFrom directory: String, clock: any WallClock = SystemClock()) throws(IncidentStoreError) {
        try self.init(directory: directory, clock: clock, parallelReadThreshold: 20_000, readOnly: true)
    }

    init(
        directory: String, clock: any WallClock, parallelReadThreshold: Int64, readOnly: Bool = false,
        originHost: String? = nil
    ) throws(IncidentStoreError) {
        self.parallelReadThreshold = parallelReadThreshold
        self.originIDs = EventOriginIDGenerator(clock: clock, random: SystemRandomNumberGenerator())
        self.originHost = originHost ?? TeamHost.label()
        self.isReadOnly = readOnly
        let path = (directory as NSString).appendingPathComponent(SQLiteIncidentStore.fileName)
        self.path = path
        self.clock = clock
        guard !directory.isEmpty else { throw .dataDirectoryUnusable(path: "\"\"", reason: "the path is empty") }
        if readOnly {
            try DataDirectory.checkReadable(directory)
            pool = try SQLiteIncidentStore.openReadOnly(path)
            damageCheck = nil
            return
        }
        try DataDirectory.prepare(directory)
        try DatabaseFile.refuseSymbolicLink(path)
        let state = try DatabaseFile.inspect(path)
        let damageCheck = DamageCheckRecord(databasePath: path)
        if case .database = state, !damageCheck.isUnchangedSinceCheck() {
            // Checked through a read-only connection first: a damaged log is refused before a
            // writer connection (whose WAL set-up writes) ever opens it.
            try SQLiteIncidentStore.refuseIfDamaged(path)
        }
        self.damageCheck = damageCheck
        switch state {
        case .missing:
            // A new log: built beside its name and linked into place, schema and all (mode 0600,
            // which SQLite gives its -wal and -shm files too).
            try DatabaseCreation.createIfMissing(path, migrator: Schema.migrator)
        case .database(let applicationID) where applicationID == Schema.applicationID:
            // The header already names postmoterm: no second connection to check it (newer
            // versions are still refused by `migrate`).
            break
        case .database:
            try SQLiteIncidentStore.checkBeforeOpening(path)  // anything else is asked of SQLite
        case .empty:
            break  // SQLite initialises it
        }

        var configuration = Configuration()
        configuration.busyMode = .timeout(SQLiteIncidentStore.busyTimeout)
        configuration.label = "postmoterm"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Reading a long log through a memory map saves a system call and a copy per page.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLiteIncidentStore.storeError(error, path: path)
        }
        try migrate()
        mayRecordHealthy.withLock { $0 = true }
    }

    /// A writer that found (or made) the log healthy closes it and, as its last connection,
    /// records it so (``DamageCheckRecord``): the next writer need not read every page again.
    deinit {
        guard let damageCheck, mayRecordHealthy.withLock({ $0 }) else { return }
        // The pool's readers are read-only connections, which cannot fold the -wal file into
        // the database as they close: the writer does it first, without waiting for another
        // process's readers (then the -wal is left as it is, and the next writer checks).
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            try pool.close()
        } catch {
            return
        }
        damageCheck.recordHealthy()
    }

    /// A read-only pool on `path`, after the same checks as a writer makes (not a database,
    /// another application's, newer), none of which writes.
    private static func openReadOnly(_ path: String) throws(IncidentStoreError) -> DatabasePool {
        switch try DatabaseFile.inspect(path) {
        case .missing, .empty: throw .noLog(path: path)
        case .database: break
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "postmoterm"
        func open(_ name: String) throws -> DatabasePool {
            let pool = try DatabasePool(path: name, configuration: configuration)
            try pool.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard applicationID == Schema.applicationID else { throw IncidentStoreError.notADatabase(path: path) }
                if try Schema.migrator.hasBeenSuperseded(db) { throw IncidentStoreError.newerDatabase(path: path) }
                guard try Schema.migrator.hasCompletedMigrations(db) else {
                    throw IncidentStoreError.storage("\(path) was written by an older postmoterm; a writing command (e.g. `postmoterm log`) by its owner upgrades it")
                }
            }
            return pool
        }
        do {
            do {
                return try open(path)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
                // A WAL database can be opened read-only only where its -shm file exists or can
                // be created (else CANTOPEN, or READONLY_CANTINIT): not in a read-only folder or
                // another user's once its writers have closed it (and removed -wal and -shm).
                // No writer has it open then, so it is read as an immutable file.
                return try open(immutableURI(path))
            }
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// The SQLite URI that opens `path` as an immutable file (no locks, no -shm).
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    /// Reads `path` through a read-only connection of its own, closed at once: how a file is
    /// looked at before a writer (whose WAL set-up writes) may open it.
    private static func readBeforeOpening<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// `PRAGMA quick_check` on open (writers), on a read-only connection: a damaged log is
    /// refused before anything is appended to it, with the way to recover what is readable.
    private static func refuseIfDamaged(_ path: String) throws(IncidentStoreError) {
        let finding: String
        do {
            finding = try readBeforeOpening(path) { db in
                try String.fetchAll(db, sql: "PRAGMA quick_check").prefix(3).joined(separator: "; ")
            }
        } catch {
            throw storeError(error, path: path)
        }
        if finding != "ok" { throw .damagedDatabase(path: path, finding: finding) }
    }

    /// `PRAGMA integrity_check`: `ok` for a healthy database, else SQLite's findings.
    public func integrityCheck() throws -> String {
        try run {
            try pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        }
    }

    /// Refuses, without writing anything, a database of another application or of a newer version.
    private static func checkBeforeOpening(_ path: String) throws(IncidentStoreError) {
        do {
            try readBeforeOpening(path) { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID != 0 && applicationID != Schema.applicationID {
                    throw IncidentStoreError.notADatabase(path: path)
                }
                if applicationID == 0 {
                    // Not yet initialized: acceptable only if it is empty.
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                    if tables > 0 { throw IncidentStoreError.notADatabase(path: path) }
                    return
                }
                if try Schema.migrator.hasBeenSuperseded(db) { throw IncidentStoreError.newerDatabase(path: path) }
            }
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// Applies missing migrations. Another process may be migrating the same new file at the same
    /// moment; then one wins and the other finds the work done.
    private func migrate() throws(IncidentStoreError) {
        let migrator = Schema.migrator
        var attempt = 0
        while true {
            do {
                let state = try pool.read { db in
                    (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
                }
                if state.0 { throw IncidentStoreError.newerDatabase(path: path) }
                if state.1 { return }
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                let mapped = SQLiteIncidentStore.storeError(error, path: path)
                if attempt >= 5 { throw mapped }
                switch mapped {
                case .newerDatabase, .notADatabase, .dataDirectoryUnusable, .damagedDatabase: throw mapped
                default: usleep(50_000)
                }
            }
        }
    }

    /// Runs `body`, turning every error into an `IncidentStoreError`.
    func run<T>(_ body: () throws -> T) throws(IncidentStoreError) -> T {
        do {
            return try body()
        } catch {
            let mapped = SQLiteIncidentStore.storeError(error, path: path)
            if case .damagedDatabase = mapped { mayRecordHealthy.withLock { $0 = false } }
            throw mapped
        }
    }

    static func storeError(_ error: any Error, path: String) -> IncidentStoreError {
        if let storeError = error as? IncidentStoreError { return storeError }
        guard let databaseError = error as? DatabaseError else {
            return .storage(String(describing: error))
        }
        let directory = (path as NSString).deletingLastPathComponent
        switch databaseError.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .damagedDatabase(path: path, finding: databaseError.message ?? "corrupt")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .storage("\(path) stayed locked by another process for \(Int(busyTimeout)) seconds; try again")
        case .SQLITE_READONLY, .SQLITE_PERM:
            return .dataDirectoryUnusable(path: directory, reason: "the database is read-only for this user")
        case .SQLITE_CANTOPEN: return .dataDirectoryUnusable(path: directory, reason: "cannot open \(path)")
        case .SQLITE_FULL: return .storage("the disk holding \(path) is full")
        case .SQLITE_IOERR: return .storage("I/O error on \(path): \(databaseError.message ?? "")")
        default: return .storage(databaseError.message ?? String(describing: databaseError))
        }
    }
}
