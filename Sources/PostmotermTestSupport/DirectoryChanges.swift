import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a waiter when anything in one folder changes (inotify): a file written, created, moved
/// in or removed. What a test waits for — a program's terminal output piped to a file, a status
/// file its shell writes, a trace line — lands in such a folder, so a wait is woken by the change
/// itself, never by a timer; the deadline only bounds it.
public final class DirectoryChanges: @unchecked Sendable {
    private let descriptor: Int32

    /// Watches `directory`; fails when the kernel refuses (no inotify, or the folder is missing).
    public init(directory: String) throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw WaitError.cannotWatch(directory, errno: errno) }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_ATTRIB)
        guard inotify_add_watch(descriptor, directory, mask) >= 0 else {
            let error = errno
            close(descriptor)
            throw WaitError.cannotWatch(directory, errno: error)
        }
    }

    deinit { close(descriptor) }

    /// Checks `condition`, then again after each change in the folder, until it holds (true) or
    /// `deadline` (CLOCK_MONOTONIC seconds, see ``Deadline``) passes (false). A change between a
    /// check and the wait is not lost: the kernel queues it.
    public func wait(until deadline: Deadline, _ condition: () -> Bool) -> Bool {
        while true {
            drain()
            if condition() { return true }
            let remaining = deadline.remainingMilliseconds
            if remaining <= 0 { return false }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&request, 1, Int32(min(remaining, Int(Int32.max))))
        }
    }

    /// Reads and forgets the queued events.
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}

/// An instant on the monotonic clock that a wait must not pass.
public struct Deadline: Sendable {
    /// CLOCK_MONOTONIC, in nanoseconds.
    public let nanoseconds: Int64

    /// `seconds` from now.
    public init(seconds: Double) {
        nanoseconds = Self.now() + Int64(seconds * 1e9)
    }

    public var hasPassed: Bool { Self.now() >= nanoseconds }

    /// Whole milliseconds left, rounded up (0 once passed).
    public var remainingMilliseconds: Int {
        let left = nanoseconds - Self.now()
        return left <= 0 ? 0 : Int((left + 999_999) / 1_000_000)
    }

    /// CLOCK_MONOTONIC now, in nanoseconds.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

/// Why a wait could not be set up.
public enum WaitError: Error, CustomStringConvertible {
    /// inotify refused to watch the folder.
    case cannotWatch(String, errno: Int32)
    /// tmux could not be started.
    case cannotRunTmux(Int32)

    public var description: String {
        switch self {
        case .cannotWatch(let directory, let errno): "cannot watch \(directory) (errno \(errno))"
        case .cannotRunTmux(let status): "cannot run tmux (posix_spawn \(status))"
        }
    }
}
