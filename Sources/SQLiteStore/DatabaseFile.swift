import Foundation
import PostmotermCore

/// Checks on the database file made before SQLite opens it, so that a file that is not ours is
/// never converted, migrated or "repaired".
enum DatabaseFile {
    /// The 16 bytes every SQLite 3 database starts with.
    static let header = Array("SQLite format 3\0".utf8)

    /// What is at the database's path.
    enum State: Equatable {
        case missing
        /// An empty file: SQLite initialises it.
        case empty
        /// An SQLite database whose header carries this `PRAGMA application_id` (bytes 68–71,
        /// big-endian; 0 when the header is shorter). The header can be stale while changes sit
        /// in the `-wal` file, so an id other than postmoterm's only means "ask SQLite".
        case database(applicationID: Int32)
    }

    /// Refuses a symbolic link as the database path (a dangling one would have SQLite create the
    /// database at its target, wherever that points).
    static func refuseSymbolicLink(_ path: String) throws(IncidentStoreError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFLNK {
            throw .dataDirectoryUnusable(
                path: (path as NSString).deletingLastPathComponent,
                reason: "\(path) is a symbolic link; postmoterm does not follow it (replace it with the database file itself)")
        }
    }

    /// Reads the file's header once. Throws `notADatabase` when the file exists but does not
    /// start with the SQLite header.
    static func inspect(_ path: String) throws(IncidentStoreError) -> State {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return .missing }
            throw .storage("cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notADatabase(path: path) }
        if status.st_size == 0 { return .empty }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .storage("cannot read \(path): permission denied")
        }
        defer { try? handle.close() }
        let start = Array((try? handle.read(upToCount: 100)) ?? Data())
        guard start.starts(with: header) else { throw .notADatabase(path: path) }
        guard start.count == 100 else { return .database(applicationID: 0) }
        let stored = start[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return .database(applicationID: Int32(bitPattern: stored))
    }
}
