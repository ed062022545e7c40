import Foundation

/// What spares a writer the `PRAGMA quick_check` of a log nothing but postmoterm has changed
/// since it was last found healthy (the check reads every page: 62 ms on a 13 MB log, on every
/// `postmoterm log`, `open`, `mitigate`…).
///
/// A writer that checked the log when it opened it (or created it) and changes it only through
/// SQLite's transactions leaves a healthy log behind. When it closes the store, it checkpoints the
/// `-wal` file into the database (`wal_checkpoint(TRUNCATE)`) and, when nothing is left in the
/// `-wal` (no other connection wrote meanwhile), writes the database file's fingerprint (``FileFingerprint``: inode, size, modification and
/// status-change times in nanoseconds) to `postmoterm.sqlite-checked` beside it. The next writer
/// skips the check only when the database still has exactly that fingerprint and the `-wal`
/// file is absent or empty: any other write to the file — another program, a copy put in its place, a
/// writer that crashed (its `-wal` is left behind), even `touch` — changes the fingerprint (the
/// status-change time cannot be set back), and the log is checked again.
///
/// What it does not see: damage the disk itself does to a file nobody writes (nothing does,
/// short of reading every page), and a write by another program while a postmoterm writer has
/// the log open (that writer's close records the file as it then is).
struct DamageCheckRecord {
    /// The database file.
    let databasePath: String

    /// `postmoterm.sqlite-checked`, beside the database.
    var recordPath: String { databasePath + "-checked" }
    private var walPath: String { databasePath + "-wal" }

    /// Whether the database is exactly as the last writer that closed it healthy left it.
    func isUnchangedSinceCheck() -> Bool {
        guard walIsEmpty(), let recorded = FileManager.default.contents(atPath: recordPath)
        else { return false }
        let current = FileFingerprint(path: databasePath)
        return current.inode != 0 && String(decoding: recorded, as: UTF8.self) == Self.line(current)
    }

    /// Records the database as healthy now; nothing while the `-wal` file holds anything (another
    /// connection wrote since the checkpoint, or it did not finish). Best effort: a record not
    /// written only means the next writer checks again.
    func recordHealthy() {
        guard walIsEmpty() else { return }
        let current = FileFingerprint(path: databasePath)
        guard current.inode != 0 else { return }
        let fd = open(recordPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(Self.line(current).utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// No `-wal` file, or an empty one: everything committed is in the database file.
    private func walIsEmpty() -> Bool {
        var status = stat()
        return stat(walPath, &status) != 0 ? errno == ENOENT : status.st_size == 0
    }

    private static func line(_ fingerprint: FileFingerprint) -> String {
        "\(fingerprint.inode) \(fingerprint.size) \(fingerprint.modified) \(fingerprint.changed)\n"
    }
}
