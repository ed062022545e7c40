import Foundation
import PostmotermCore

/// The files side of ``DraftFileRule``, for `export --output` and the console's `e`.
enum DraftFile {
    /// The SHA-256 (hex) of the file at `path`; nil when nothing is there. Something there that
    /// cannot be read (a directory, no permission) gives a value no export ever recorded, so it
    /// is never written over.
    static func digest(atPath path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        guard (status.st_mode & S_IFMT) == S_IFREG, let data = FileManager.default.contents(atPath: path) else {
            return "not-a-readable-file"
        }
        return SHA256.hex(of: data)
    }

    /// The `export` event's data for `bytes` written to `path`: what ``DraftFileRule`` reads.
    static func eventData(path: String, format: String, bytes: Data) -> [String: String] {
        ["path": path, "format": format, "sha256": SHA256.hex(of: bytes)]
    }
}
