import Foundation
import GRDB
import PostmotermCore

/// Creates a new incident log with its schema already in place, at the cost of two `fsync`s.
///
/// Letting SQLite create the file in place costs six: the first transaction in rollback-journal
/// mode, the switch to WAL, the first WAL commit — each syncing the file, its journal and the
/// directory. On a virtual disk that is tens of milliseconds before the first `postmoterm open`
/// can draw. Instead the file is built beside its final name with syncing off (nothing there is
/// anyone's data yet), synced once, and linked into place: the log appears complete or not at
/// all, and when two processes race to create it, one link wins and the other opens the winner's.
enum DatabaseCreation {
    /// Creates `path` unless it exists (then does nothing: someone else created it first).
    static func createIfMissing(_ path: String, migrator: DatabaseMigrator) throws(IncidentStoreError) {
        let temporary = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let created = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard created >= 0 else {
            throw .dataDirectoryUnusable(
                path: (path as NSString).deletingLastPathComponent, reason: String(cString: strerror(errno)))
        }
        close(created)
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }
        do {
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try migrator.migrate(queue)
            // WAL from the first open on: the mode is recorded in the file's header.
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
        } catch {
            throw .storage("cannot create \(path): \(error)")
        }
        try sync(temporary)
        if link(temporary, path) != 0 {
            if errno == EEXIST { return }  // another process created it first: use theirs
            throw .storage("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        try sync((path as NSString).deletingLastPathComponent)
    }

    /// `fsync` of a file or a directory.
    private static func sync(_ path: String) throws(IncidentStoreError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw .storage("cannot sync \(path): \(reason)")
        }
        close(descriptor)
    }
}
