import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when the incident log's files may have changed, so a console learns of another
/// process's events (a second responder, `postmoterm log` from a shell) without asking SQLite
/// several times a second: the kernel reports writes to `postmoterm.sqlite`, its `-wal` and
/// `-shm` files (inotify on the data directory), and an idle console spends no CPU at all.
///
/// A wake-up only means "look": the caller still compares `IncidentStore.revision()`. Writes of
/// this process wake it too, and one transaction wakes it several times — callers coalesce.
/// (Every writer is on this machine: the log is in WAL mode, which SQLite does not allow across a
/// network file system.) Callers keep a slow safety check, ``filesChanged()``, in case the
/// kernel drops an event.
public final class StoreChangeWatcher: @unchecked Sendable {
    private let descriptor: Int32
    /// A pipe `close()` writes to, to wake a `wait` in progress: read end, write end.
    private let stopDescriptors: (read: Int32, write: Int32)
    private let prefix: String
    /// The database and its `-wal` file, as `stat` saw them at the last `filesChanged()`.
    private let watchedPaths: [String]
    private var lastFingerprint: [FileFingerprint] = []
    private let lock = NSLock()
    private var closed = false

    /// Watches the database in `directory`; nil when the kernel refuses (no inotify, or the
    /// per-user watch limit is reached): the caller then falls back to polling.
    public init?(directory: String, fileName: String = SQLiteIncidentStore.fileName) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_DELETE)
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
            for end in [descriptor] + pipeEnds { Glibc.close(end) }
            return nil
        }
        self.descriptor = descriptor
        self.stopDescriptors = (pipeEnds[0], pipeEnds[1])
        self.prefix = fileName
        self.watchedPaths = [directory + "/" + fileName, directory + "/" + fileName + "-wal"]
        lastFingerprint = watchedPaths.map(FileFingerprint.init(path:))
    }

    /// The descriptors close only here, when no `wait` can be running (it holds a reference).
    deinit {
        Glibc.close(descriptor)
        Glibc.close(stopDescriptors.read)
        Glibc.close(stopDescriptors.write)
    }

    /// Blocks until the database's files change (true) or `timeout` seconds pass (false).
    /// Returns false at once after `close()`.
    public func wait(timeout: Double) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(0, timeout) * 1000))
        while true {
            if isClosed { return false }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return false }
            var descriptors = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopDescriptors.read, events: Int16(POLLIN), revents: 0),
            ]
            let milliseconds = Int32(min(Double(Int32.max), (Double(remaining.components.seconds) * 1000
                + Double(remaining.components.attoseconds) / 1e15).rounded(.up)))
            let ready = poll(&descriptors, 2, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return false
            }
            if ready == 0 || descriptors[1].revents != 0 { return false }
            if drainEvents() { return true }
            // Only other files of the directory changed: keep waiting for the same deadline.
        }
    }

    /// Whether the database or its write-ahead log differ from the last call (or from `init`):
    /// identity, size, modification or status-change time. The safety check between inotify
    /// events: it costs two `stat` calls and no SQLite, so an idle console runs none of the
    /// store's code. (A commit always appends to the `-wal` file or, after a checkpoint,
    /// rewrites it: its times change.)
    public func filesChanged() -> Bool {
        let current = watchedPaths.map(FileFingerprint.init(path:))
        lock.lock()
        defer { lock.unlock() }
        let changed = current != lastFingerprint
        lastFingerprint = current
        return changed
    }

    /// Stops watching: a `wait` in progress returns false at once, and every later one too.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        var byte: UInt8 = 1
        _ = write(stopDescriptors.write, &byte, 1)
    }

    /// Whether `close()` was called.
    public var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    /// Reads every queued event; true when one names a file of the database.
    private func drainEvents() -> Bool {
        var relevant = false
        let capacity = 4096
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, capacity)
            if count <= 0 { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameLength = Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true  // events were lost: assume the worst
                } else if nameLength > 0 {
                    let namePointer = (buffer + offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(to: CChar.self)
                    let name = String(cString: namePointer)
                    if name.hasPrefix(prefix) { relevant = true }
                }
                offset += MemoryLayout<inotify_event>.size + nameLength
            }
        }
        return relevant
    }
}
