import Foundation
import PostmotermCore

/// Checks on the database file made before SQLite opens it, so that a file that is not ours is
/// never converted, migrated or "repaired".
enum DatabaseFile {
    /// The 16 bytes every SQLite 3 database starts with.
    static let header = Array("SQLite format 3\0".utf8)

    /// Whether the file at `path` exists and holds data: nil when it does not exist, false when
    /// it is empty. Throws `notADatabase` when it exists but does not start with the SQLite header.
    static func prepare(_ path: String) throws(IncidentStoreError) -> Bool? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw .storage("cannot inspect \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notADatabase(path: path) }
        if status.st_size == 0 { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .storage("cannot read \(path): permission denied")
        }
        defer { try? handle.close() }
        let start = Array((try? handle.read(upToCount: 100)) ?? Data())
        guard start.starts(with: header) else { throw .notADatabase(path: path) }
        return true
    }

    /// Whether the file's own header already names postmoterm (`PRAGMA application_id`, bytes
    /// 68–71, big-endian) — the usual case, which needs no further check before opening.
    ///
    /// The header can be stale while changes sit in the `-wal` file, so "no" only means "ask
    /// SQLite", never "foreign".
    static func headerNamesPostmoterm(_ path: String, applicationID: Int32) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 100), bytes.count == 100 else { return false }
        let stored = bytes[bytes.startIndex + 68..<bytes.startIndex + 72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Int32(bitPattern: stored) == applicationID
    }
}
