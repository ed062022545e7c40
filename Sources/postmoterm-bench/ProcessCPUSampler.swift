import Foundation

/// CPU time of a whole process, in nanoseconds, from each thread's
/// `/proc/PID/task/TID/schedstat` (time on CPU, nanosecond resolution) — `/proc/PID/stat`
/// counts in clock ticks of 10 ms, too coarse for a budget of 1 ms a refresh.
///
/// Threads come and go (Dispatch retires idle workers), so the sampler reads every thread
/// repeatedly and keeps the last value seen of each: a thread that ends loses at most its time
/// since the previous sample. `/proc/PID/stat`'s total is kept as a cross-check.
struct ProcessCPUSampler {
    let pid: Int32
    private var first: [Int: UInt64] = [:]
    private var last: [Int: UInt64] = [:]

    init(pid: Int32) {
        self.pid = pid
        first = Self.read(pid)
        last = first
    }

    /// Reads every thread again.
    mutating func sample() {
        for (tid, value) in Self.read(pid) {
            if first[tid] == nil { first[tid] = 0 }  // born after the start: all of it counts
            last[tid] = value
        }
    }

    /// Samples every `interval` seconds for `seconds`.
    mutating func sample(for seconds: Double, every interval: Double = 0.1) {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            Thread.sleep(forTimeInterval: min(interval, max(0, end.timeIntervalSinceNow)))
            sample()
        }
    }

    /// CPU time since the sampler was made, in milliseconds.
    var milliseconds: Double {
        Double(last.reduce(UInt64(0)) { $0 + ($1.value - min($1.value, first[$1.key] ?? 0)) }) / 1e6
    }

    private static func read(_ pid: Int32) -> [Int: UInt64] {
        let directory = "/proc/\(pid)/task"
        guard let tids = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var values: [Int: UInt64] = [:]
        for tid in tids {
            guard let id = Int(tid),
                let text = try? String(contentsOfFile: "\(directory)/\(tid)/schedstat", encoding: .utf8),
                let onCPU = text.split(separator: " ").first.flatMap({ UInt64($0) })
            else { continue }
            values[id] = onCPU
        }
        return values
    }
}
