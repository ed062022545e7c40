import ArgumentParser
import Foundation
import LoopbackLab
import PostmotermTestSupport

/// `postmoterm-bench soak`: the console's anonymous memory over a long session with traffic
/// through the pool, beside hatop on the same HAProxy in the same run.
struct SoakBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Samples the console's anonymous memory (RssAnon) over a bounded session with traffic, beside hatop.",
        discussion: """
            Starts a real HAProxy with one pool of --servers servers and a frontend, then runs the \
            release `postmoterm open --balancer SOCKET --interval 1` and `hatop -s SOCKET -i 1` in \
            detached tmux panes (120×40). Once both show the pool, bounded load (--traffic requests \
            a second, one LoadGenerator per sample period) runs through the pool for --minutes, and \
            every --sample-seconds both programs' RssAnon and VmRSS (/proc/PID/status) are printed. \
            The run ends by itself after --minutes, or as soon as either program exits; the summary \
            gives the sample at launch, the start (the first sample after a period of traffic), the \
            end and the highest, and the budget: RssAnon ≤ 8 MB, flat (end − start ≤ --flat-kib).
            """
    )

    @Option(help: "Minutes of the soak (1…600).") var minutes = 60.0
    @Option(name: .customLong("sample-seconds"), help: "Seconds between samples.") var sampleSeconds = 60.0
    @Option(help: "Servers in the pool.") var servers = 1003
    @Option(help: "Requests per second through the pool (0: idle).") var traffic = 50.0
    @Option(name: .customLong("flat-kib"), help: "Largest growth from the first to the last sample still called flat, in KiB.")
    var flatKiB = 512
    @Option(help: "The postmoterm executable (default: next to this benchmark).") var binary: String?
    @Flag(name: .customLong("no-hatop"), help: "Run the console alone.") var noHatop = false

    /// The anonymous-memory budget, in KiB.
    static let budgetKiB = 8 * 1024

    func validate() throws {
        guard (1.0 / 60...600).contains(minutes) else { throw ValidationError("--minutes must be within 1 s…600 min") }
        guard sampleSeconds >= 1 else { throw ValidationError("--sample-seconds must be at least 1") }
    }

    func run() throws {
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("postmoterm").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no postmoterm executable at \(executable) (swift build -c release first, or --binary)")
        }
        let hatop = !noHatop
        if hatop, !FileManager.default.isExecutableFile(atPath: "/usr/bin/hatop") { throw ValidationError("hatop is not installed (or --no-hatop)") }
        let frontend = traffic > 0 ? try FreePort.allocate() : nil
        let haproxy = try HAProxyProcess(config: .benchmark(servers: servers, frontendPort: frontend))
        try haproxy.start(timeout: 10)
        defer { haproxy.stop() }
        let directory = URL(fileURLWithPath: "/tmp/pm-soak-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tmux = try TmuxServer(directory: directory)
        defer { tmux.kill() }

        say("HAProxy on \(haproxy.socketPath): 1 pool, \(servers) servers; \(traffic > 0 ? "\(traffic) req/s through the pool" : "no traffic")")
        say("postmoterm: \(executable); \(String(format: "%.1f", minutes)) minutes, a sample every \(Int(sampleSeconds)) s")
        let tracePath = directory.appendingPathComponent("trace").path
        _ = try ConsoleBench.launchGated(
            session: "console",
            command: "POSTMOTERM_DATA_DIR=\(directory.appendingPathComponent("data").path) POSTMOTERM_CONSOLE_TRACE=\(tracePath) \(executable) open --balancer \(haproxy.socketPath) --interval 1 --title 'Soak' --as bench",
            directory: directory, tmux: tmux)
        let trace = TraceReader(path: tracePath, tmux: tmux)
        guard let firstPoll = trace.waitFor(timeout: 10, { $0.what == "poll" }),
            trace.waitFor(timeout: 10, { $0.what.hasPrefix("frame") && $0.time > firstPoll.time }) != nil,
            let console = tmux.panePID("console")
        else { throw ValidationError("postmoterm never showed the pool; screen:\n\(tmux.capture("console"))") }
        var watched: [(name: String, pid: Int32)] = [("postmoterm", console)]
        if hatop {
            _ = try ConsoleBench.launchGated(session: "hatop", command: "/usr/bin/hatop -s \(haproxy.socketPath) -i 1", directory: directory, tmux: tmux)
            guard tmux.waitFor("hatop", timeout: 15, { $0.contains("srv1") }).met, let pid = tmux.panePID("hatop") else {
                throw ValidationError("hatop never showed the pool; screen:\n\(tmux.capture("hatop"))")
            }
            watched.append(("hatop", pid))
        }

        var samples: [[Sample]] = watched.map { _ in [] }
        let start = Date()
        let end = start.addingTimeInterval(minutes * 60)
        var requests = 0
        var ended: String?
        func sampleAll() {
            let elapsed = Date().timeIntervalSince(start) / 60
            var line = String(format: "%6.1f min", elapsed)
            for (index, program) in watched.enumerated() {
                guard kill(program.pid, 0) == 0, let memory = try? ConsoleBench.memoryDetails(of: program.pid) else {
                    ended = ended ?? "\(program.name) (pid \(program.pid)) ended after \(String(format: "%.1f", elapsed)) min"
                    continue
                }
                samples[index].append(Sample(minutes: elapsed, anonKiB: memory.anon, rssKiB: memory.rss))
                line += "   \(program.name): RssAnon \(ConsoleBench.mb(memory.anon)) MB, VmRSS \(ConsoleBench.mb(memory.rss)) MB"
            }
            say(line + (traffic > 0 ? "; \(requests) requests so far" : ""))
        }
        sampleAll()
        while ended == nil, Date() < end {
            let period = min(sampleSeconds, end.timeIntervalSinceNow)
            if period < 1 { break }
            if let frontend {
                // One bounded load per period: it stops by itself when the period is over.
                let load = LoadGenerator(plan: try LoadPlan(
                    port: frontend, path: "/", rate: traffic, concurrency: 4,
                    maxRequests: Int(traffic * period) + 1, maxDuration: period, requestTimeout: 2))
                load.start()
                load.waitUntilFinished(timeout: period + 5)
                load.stop()
                load.waitUntilFinished(timeout: 5)
                requests += load.totals.completed
            } else {
                Thread.sleep(forTimeInterval: period)
            }
            sampleAll()
        }

        say("")
        if let ended { say("STOPPED EARLY: \(ended)") }
        for (index, program) in watched.enumerated() {
            let series = samples[index]
            guard let launch = series.first, let last = series.last, let peak = series.max(by: { $0.anonKiB < $1.anonKiB }) else { continue }
            // The start is the first sample with traffic behind it (the first period warms up
            // the paths a changing pool takes); the sample at launch is printed beside it.
            let first = series.count > 2 ? series[1] : launch
            let growth = last.anonKiB - first.anonKiB
            var summary = "\(program.name): RssAnon at launch \(ConsoleBench.mb(launch.anonKiB)) MB, start \(ConsoleBench.mb(first.anonKiB)) MB at \(String(format: "%.1f", first.minutes)) min, end \(ConsoleBench.mb(last.anonKiB)) MB after \(String(format: "%.1f", last.minutes)) min (growth \(growth) KiB), highest \(ConsoleBench.mb(peak.anonKiB)) MB at \(String(format: "%.1f", peak.minutes)) min; VmRSS start \(ConsoleBench.mb(first.rssKiB)) MB, end \(ConsoleBench.mb(last.rssKiB)) MB"
            if program.name == "postmoterm" {
                let withinBudget = peak.anonKiB <= Self.budgetKiB
                let flat = growth <= flatKiB
                summary += "   (budget RssAnon ≤ 8 MB: \(withinBudget ? "MET" : "MISSED"); flat, growth ≤ \(flatKiB) KiB: \(flat ? "MET" : "MISSED"))"
            }
            say(summary)
        }
        say("\(requests) requests through the pool in all")
        _ = try? tmux.run(["send-keys", "-t", "console", "q"])
        _ = try? tmux.run(["send-keys", "-t", "console", "y"])
    }

    struct Sample {
        var minutes: Double
        var anonKiB: Int
        var rssKiB: Int
    }

    /// A line on stdout, flushed at once (the soak is read from a file while it runs).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
