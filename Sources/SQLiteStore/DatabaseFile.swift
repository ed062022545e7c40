import Foundation
import PostmotermCore

/// Checks on the database file made before SQLite opens it, so that a file that is not ours is
/// never converted, migrated or "repaired".
enum DatabaseFile {
    /// The 16 bytes every SQLite 3 database starts with.
    static let header = Array("SQLite format 3\0".utf8)

    /// Whether the file at `path` exists and holds data.
    /// Creates it empty with mode 0600 when missing (so SQLite's -wal/-shm files get 0600 too).
    /// Throws `notADatabase` when it exists but does not start with the SQLite header.
    static func prepare(_ path: String) throws(IncidentStoreError) -> Bool {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            close(created)
            return false
        }
        guard errno == EEXIST else {
            let reason = String(cString: strerror(errno))
            throw .dataDirectoryUnusable(path: (path as NSString).deletingLastPathComponent, reason: reason)
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .storage("cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notADatabase(path: path) }
        if status.st_size == 0 { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .storage("cannot read \(path): permission denied")
        }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: header.count)) ?? Data()
        guard Array(start) == header else { throw .notADatabase(path: path) }
        return true
    }
}
