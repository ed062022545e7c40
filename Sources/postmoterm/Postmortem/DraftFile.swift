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

    /// Why a draft was not written.
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `data` to `path` atomically (a new file beside it, renamed over it), mode 0600
    /// like the log. Only a regular file (or nothing) is ever replaced: a device node, FIFO,
    /// socket or folder at `path` (or behind a symbolic link there) is refused, so `--output
    /// /dev/full --force` cannot turn a device into a file.
    static func write(_ data: Data, toPath path: String) throws {
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            throw WriteError(description: "\(path) is \(kind(status.st_mode)), not a regular file; only regular files are replaced")
        }
        var target = path
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
            // Replace the file the link names, not the link.
            target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        let temporary = target + ".postmoterm-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(failure)))")
        }
    }

    /// "a FIFO", "a character device"… for a `st_mode`.
    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// The `export` event's data for `bytes` written to `path`: what ``DraftFileRule`` reads.
    static func eventData(path: String, format: String, bytes: Data) -> [String: String] {
        ["path": path, "format": format, "sha256": SHA256.hex(of: bytes)]
    }
}
