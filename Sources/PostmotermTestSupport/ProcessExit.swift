import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for processes that are not this one's children to end, without polling: a pidfd
/// (`pidfd_open`, Linux 5.3) becomes readable when its process ends.
public enum ProcessExit {
    /// Whether every process in `pids` has ended (or never existed) by `deadline`.
    public static func wait(for pids: [Int32], until deadline: Deadline) -> Bool {
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for pid in pids {
            guard let descriptor = open(pid) else {
                // No pidfd: the process is gone (ESRCH), or the kernel has none — then only a
                // signal 0 can tell, once.
                if errno != ESRCH, kill(pid, 0) == 0 { return false }
                continue
            }
            descriptors.append(descriptor)
        }
        var requests = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while !requests.isEmpty {
            let remaining = deadline.remainingMilliseconds
            if remaining <= 0 { return false }
            _ = poll(&requests, nfds_t(requests.count), Int32(min(remaining, Int(Int32.max))))
            requests.removeAll { $0.revents != 0 }
        }
        return true
    }

    /// The live (not zombie) processes of process group `group`, from /proc.
    public static func members(ofGroup group: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X", Int32(fields[2]) == group else { return nil }
            return pid
        }
    }

    /// `pidfd_open(pid, 0)`, found at run time (glibc 2.36 has it; Swift's Glibc module does not
    /// import it).
    private static func open(_ pid: Int32) -> Int32? {
        typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
        guard let symbol = dlsym(nil, "pidfd_open") else {
            errno = ENOSYS
            return nil
        }
        let descriptor = unsafeBitCast(symbol, to: PidfdOpen.self)(pid, 0)
        return descriptor >= 0 ? descriptor : nil
    }
}
