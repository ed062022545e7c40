import ArgumentParser
import Foundation
import LoopbackLab

/// `postmoterm-bench health`: the CPU of one `postmoterm health --balancer SOCKET` against HAProxy
/// pools of growing size, to show that the one-shot command grows linearly with the pool.
struct HealthBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Measures the CPU of `postmoterm health` against pools of 1,003, 3,003 and 10,003 servers.",
        discussion: """
            For each pool size: one HAProxy with the benchmark pool (weights 1…4, every 50th server \
            in maintenance, no checks), then --runs runs of the release `postmoterm health --balancer \
            SOCKET --interval 0.1` (two polls, the table printed to /dev/null). CPU is the child's \
            user + system time (getrusage of the reaped child); the median and the range are \
            printed, with the CPU per 1,000 servers (flat when the command is linear). Budget: \
            ≤ 100 ms at 10,003 servers.
            Run it in a release build: swift build -c release && .build/release/postmoterm-bench health
            """
    )

    @Option(help: "Pool sizes, comma-separated.") var servers = "1003,3003,10003"
    @Option(help: "Runs of `postmoterm health` per pool size (the median is reported).") var runs = 7
    @Option(help: "The postmoterm executable (default: next to this benchmark).") var binary: String?

    func run() async throws {
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("postmoterm").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no postmoterm executable at \(executable) (swift build -c release first, or --binary)")
        }
        let sizes = servers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        print("postmoterm health --balancer SOCKET --interval 0.1 (\(executable)), \(runs) runs per pool size")
        for size in sizes {
            let haproxy = try HAProxyProcess(config: .benchmark(servers: size))
            try haproxy.start(timeout: 30)
            defer { haproxy.stop() }
            _ = try Self.cpuOfRun(executable, socket: haproxy.socketPath)  // warm-up: page cache, HAProxy's first dump
            var samples: [Double] = []
            for _ in 0..<max(1, runs) { samples.append(try Self.cpuOfRun(executable, socket: haproxy.socketPath)) }
            samples.sort()
            let median = samples[samples.count / 2]
            let budget = size >= 10_000 ? "   (budget ≤ 100 ms: \(median <= 100 ? "MET" : "MISSED"))" : ""
            print("  \(String(size).padding(toLength: 6, withPad: " ", startingAt: 0)) servers: CPU median \(Self.ms(median)) ms, "
                  + "\(Self.ms(samples[0]))–\(Self.ms(samples[samples.count - 1])); \(Self.ms(median * 1000 / Double(size))) ms per 1,000 servers\(budget)")
        }
    }

    /// The CPU (user + system, ms) of one `postmoterm health` run, its output thrown away.
    static func cpuOfRun(_ executable: String, socket: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["health", "--balancer", socket, "--interval", "0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = childrenCPU()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("postmoterm health exited \(process.terminationStatus)") }
        return (childrenCPU() - before) * 1000
    }

    /// User + system seconds of every reaped child so far.
    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f", value) }
}
