import ArgumentParser
import BalancerAdapters
import Foundation
import LoopbackLab
import PostmotermTestSupport
import PostmotermCore

/// `postmoterm-bench poll`: the balancer budget — one poll + parse + detect over HAProxy with
/// 1,000 servers costs at most 1 ms of CPU beyond the socket read — and hatop's CPU per refresh
/// on the same HAProxy in the same run.
struct PollBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Measures CPU per balancer poll (parse + detect, 1,000 servers) against hatop's CPU per refresh.",
        discussion: """
            Starts a real HAProxy (/usr/sbin/haproxy) on loopback with one pool of --servers servers \
            (no real backends, no checks), then:

            1. postmoterm: --polls polls, each `show stat` on the admin socket, then parse + rates + \
            breakers + detection. The thread CPU time (CLOCK_THREAD_CPUTIME_ID) of the socket read and \
            of the rest are measured apart; the budget is on the rest (≤ 1 ms). The whole BalancerPoller \
            path (actor, task group, socket on a dispatch thread) is measured too, with getrusage.
            2. hatop: `hatop -s SOCKET -i 1` in a detached tmux pane for --hatop-seconds; its CPU \
            (utime + stime from /proc/PID/stat, after a warm-up) divided by the refreshes in that time.

            3. Fresh answers in sequence: one real answer turned into --polls answers as HAProxy \
            would send them a second apart (every lastchg +1; in --changed fractions of the server \
            rows the traffic counters move too), each a new array, through parse + rates + breakers \
            + detection + freeing the previous snapshot (the poller keeps one). This is the budget \
            line: the live answers of step 1 are mostly byte-identical within a second. The first \
            --verify polls are checked against a parse without the previous answer's memory.

            With --work-only only step 3 runs (no live polls, monitor or hatop): a quick, steady \
            run for `perf record`.

            Run it in a release build: swift run -c release postmoterm-bench poll
            """
    )

    @Option(help: "Servers in the pool.") var servers = 1000
    @Option(help: "Polls to measure.") var polls = 500
    @Option(name: .customLong("hatop-seconds"), help: "Seconds to run hatop (0 skips it).") var hatopSeconds = 12.0
    @Option(name: .customLong("hatop-interval"), help: "hatop's refresh interval in seconds (-i).") var hatopInterval = 1
    @Flag(name: .customLong("work-only"), help: "Read once, then only the fresh-answer sequences (for profilers).") var workOnly = false
    @Option(name: .customLong("changed"), parsing: .upToNextOption,
            help: "Fractions of server rows whose counters change in each fresh answer (one run each).")
    var changed: [Double] = [0, 0.2, 1]
    @Option(help: "Polls of each sequence checked against a parse without memory (outside the timing).") var verify = 30

    func run() async throws {
        let haproxy = try HAProxyProcess(config: .benchmark(servers: servers))
        try haproxy.start(timeout: 10)
        defer { haproxy.stop() }
        let address = try BalancerAddress.parse(haproxy.socketPath)
        say("HAProxy \(haproxyVersion()) on \(haproxy.socketPath): 1 pool, \(servers) servers")
        if workOnly {
            try reportSequences(socketPath: haproxy.socketPath, source: address.display)
            return
        }

        let direct = try measureDirect(socketPath: haproxy.socketPath, source: address.display)
        say("")
        say("postmoterm, per poll (\(polls) polls, thread CPU time):")
        say("  socket read (show stat, \(direct.bytes / 1024) KiB)  " + direct.read.summary)
        say("  parse + rates + breakers + detect     " + direct.work.summary + "   budget ≤ 1.000 ms: \(direct.work.median <= 1.0 ? "MET" : "MISSED")")
        say("    of which parse                      " + direct.parse.summary)

        let monitorCPU = try await measureMonitor(address: address)
        say("  whole BalancerPoller.pollOnce (process CPU incl. socket, actor, threads): \(format(monitorCPU)) ms per poll")
        try reportSequences(socketPath: haproxy.socketPath, source: address.display)

        if hatopSeconds > 0 {
            say("")
            let hatop = try measureHatop(socketPath: haproxy.socketPath)
            say("hatop -i \(hatopInterval), same HAProxy: \(format(hatop.cpuPerRefresh)) ms CPU per refresh (\(format(hatop.cpuMs)) ms over \(hatop.refreshes) refreshes in \(format(hatop.seconds)) s)")
            say("ratio: hatop spends \(format(hatop.cpuPerRefresh / max(0.001, direct.read.median + direct.work.median)))× postmoterm's CPU per refresh (read + work)")
        }
    }

    // MARK: - postmoterm, direct

    struct Distribution {
        var samples: [Double]
        var median: Double { sorted[sorted.count / 2] }
        var p95: Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))] }
        var mean: Double { samples.reduce(0, +) / Double(samples.count) }
        var max: Double { sorted.last ?? 0 }
        private var sorted: [Double] { samples.sorted() }
        var summary: String {
            "median \(PollBench.formatMs(median)) ms  mean \(PollBench.formatMs(mean))  p95 \(PollBench.formatMs(p95))  max \(PollBench.formatMs(max))"
        }
    }

    struct DirectResult {
        var read: Distribution
        var work: Distribution
        var parse: Distribution
        var bytes: Int
    }

    /// Everything on this one thread, so CLOCK_THREAD_CPUTIME_ID sees all of it.
    func measureDirect(socketPath: String, source: String) throws -> DirectResult {
        var history = SnapshotHistory()
        var detector = HealthDetector()
        var reads: [Double] = [], works: [Double] = [], parses: [Double] = []
        var bytes = 0
        var strings = HAProxyPreviousAnswer()  // as the runtime client keeps them between polls
        var kept: BalancerSnapshot?  // as the poller keeps the last one
        let request = Array("show stat\n".utf8)
        let wall = SystemPollClock()
        for index in 0..<(polls + 20) {
            let t0 = Self.threadCPU()
            let answer = try SocketExchange.run(.unix(path: socketPath), request: request, timeout: 5, limit: BalancerSourceLimits.defaultResponseLimit)
            let t1 = Self.threadCPU()
            let snapshot = try HAProxyCSVParser.parse(
                answer, source: source, takenAt: wall.wallTime(), monotonicTime: wall.monotonicSeconds(), previousAnswer: &strings)
            let t2 = Self.threadCPU()
            let refined = history.refine(snapshot)
            let findings = detector.observe(refined)
            kept = refined
            let t3 = Self.threadCPU()
            withExtendedLifetime(kept) {}  // held until the next poll replaces it, as the poller does
            if index == 0 {
                let instances = refined.instances.count
                say("first poll: \(instances) instances, \(findings.count) findings, e.g. \(findings.first?.message ?? "-")")
            }
            guard index >= 20 else { continue }  // warm-up
            bytes = answer.count
            reads.append((t1 - t0) * 1000)
            parses.append((t2 - t1) * 1000)
            works.append((t3 - t1) * 1000)
        }
        return DirectResult(read: Distribution(samples: reads), work: Distribution(samples: works), parse: Distribution(samples: parses), bytes: bytes)
    }

    /// The fresh-answer sequences (step 3), one per `--changed` fraction.
    func reportSequences(socketPath: String, source: String) throws {
        let answer = try SocketExchange.run(.unix(path: socketPath), request: Array("show stat\n".utf8), timeout: 5,
                                            limit: BalancerSourceLimits.defaultResponseLimit)
        say("")
        say("postmoterm, per poll on fresh answers a second apart (\(polls) polls each, \(answer.count / 1024) KiB, thread CPU time):")
        for fraction in changed {
            let result = try measureSequence(answer: answer, changedFraction: fraction, source: source)
            let label = fraction <= 0 ? "idle (only lastchg moves)" : "\(Int((fraction * 100).rounded()))% of rows' counters move"
            say("  \(label):")
            say("    parse + rates + breakers + detect + free   " + result.work.summary)
            say("      of which parse                           " + result.parse.summary)
            say("      checked against a parse without memory: \(result.verified) polls, \(result.mismatches) different")
            if result.mismatches > 0 { throw ValidationError("the parse with memory differs from a fresh parse") }
        }
    }

    struct SequenceResult {
        var work: Distribution
        var parse: Distribution
        var verified = 0
        var mismatches = 0
    }

    /// Parse + rates + detection + freeing the previous snapshot on a sequence of fresh answers
    /// (``StatAnswerSequence``), the clock a second later each poll.
    func measureSequence(answer: [UInt8], changedFraction: Double, source: String) throws -> SequenceResult {
        var sequence = StatAnswerSequence(answer: answer, changedFraction: changedFraction)
        var history = SnapshotHistory()
        var detector = HealthDetector()
        var works: [Double] = [], parses: [Double] = []
        var strings = HAProxyPreviousAnswer()
        var kept: BalancerSnapshot?
        var verified = 0, mismatches = 0
        // The same polls without any memory of the last answer: parsed afresh, refined and
        // watched by their own history and detector.
        var checkHistory = SnapshotHistory()
        var checkDetector = HealthDetector()
        let start = SystemPollClock().wallTime()
        for index in 0..<(polls + 20) {
            let next = sequence.next()
            let time = Double(index)
            let taken = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(index) * 1000)
            let t1 = Self.threadCPU()
            let snapshot = try HAProxyCSVParser.parse(next, source: source, takenAt: taken, monotonicTime: time, previousAnswer: &strings)
            let t2 = Self.threadCPU()
            let refined = history.refine(snapshot)
            let findings = detector.observe(refined)
            kept = refined
            let t3 = Self.threadCPU()
            if verified < verify {
                verified += 1
                let fresh = checkHistory.refine(try HAProxyCSVParser.parse(next, source: source, takenAt: taken, monotonicTime: time))
                if fresh != kept || checkDetector.observe(fresh) != findings { mismatches += 1 }
            }
            guard index >= 20 else { continue }
            parses.append((t2 - t1) * 1000)
            works.append((t3 - t1) * 1000)
        }
        return SequenceResult(work: Distribution(samples: works), parse: Distribution(samples: parses), verified: verified, mismatches: mismatches)
    }

    /// The real poller path: process CPU (getrusage) per `pollOnce`.
    func measureMonitor(address: BalancerAddress) async throws -> Double {
        let poller = BalancerPoller(sources: [BalancerSources.make(address)], interval: 1, timeout: 5)
        for _ in 0..<10 { await poller.pollOnce(force: true) }
        let before = Self.processCPU()
        for _ in 0..<polls { await poller.pollOnce(force: true) }
        return (Self.processCPU() - before) * 1000 / Double(polls)
    }

    // MARK: - hatop

    struct HatopResult {
        var cpuMs: Double
        var refreshes: Int
        var seconds: Double
        var cpuPerRefresh: Double { cpuMs / Double(max(1, refreshes)) }
    }

    func measureHatop(socketPath: String) throws -> HatopResult {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/hatop") else { throw ValidationError("hatop is not installed (/usr/bin/hatop)") }
        let directory = URL(fileURLWithPath: "/tmp/pm-poll-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tmux = try TmuxServer(directory: directory)
        defer { tmux.kill() }
        try tmux.newSession("hatop", command: "exec /usr/bin/hatop -s \(socketPath) -i \(hatopInterval)", columns: 220, rows: 60)
        guard let pid = tmux.panePID("hatop") else { throw ValidationError("could not find hatop's pid") }
        // Warm-up: Python start-up and the first screen are not a refresh.
        Thread.sleep(forTimeInterval: 2.5)
        let start = try Self.cpuOf(pid)
        let t0 = Date()
        Thread.sleep(forTimeInterval: hatopSeconds)
        let end = try Self.cpuOf(pid)
        let elapsed = Date().timeIntervalSince(t0)
        let screen = tmux.capture("hatop")
        guard screen.contains("srv") || screen.contains("bench") else {
            throw ValidationError("hatop does not show the pool; its screen:\n\(screen)")
        }
        return HatopResult(cpuMs: (end - start) * 1000, refreshes: Int((elapsed / Double(hatopInterval)).rounded()), seconds: elapsed)
    }

    // MARK: - Clocks and processes

    static func threadCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// utime + stime of `pid` in seconds, from /proc/PID/stat (fields 14 and 15).
    static func cpuOf(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = stat.lastIndex(of: ")") else { throw ValidationError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "(comm)": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
            throw ValidationError("unreadable /proc/\(pid)/stat")
        }
        return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Runs a command through `/bin/sh` (arguments single-quoted) and returns its standard output;
    /// with `capture: false` the output goes to /dev/null. popen, not Foundation.Process: Process waits on a run loop that
    /// an async command's main thread does not spin.
    @discardableResult
    static func shell(_ arguments: [String], capture: Bool = true) throws -> String {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let command = quoted + (capture ? " 2>/dev/null" : " >/dev/null 2>&1") + " </dev/null"
        guard let pipe = popen(command, "r") else { throw ValidationError("cannot run \(arguments.first ?? "")") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    func haproxyVersion() -> String {
        let text = (try? Self.shell(["/usr/sbin/haproxy", "-v"])) ?? ""
        return text.split(separator: "\n").first.map { String($0.split(separator: " ").dropFirst(2).first ?? "") } ?? "?"
    }

    func format(_ value: Double) -> String { Self.formatMs(value) }

    /// Prints a line unbuffered (progress shows even when the output is a pipe).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func formatMs(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = thousandths % 1000
        return "\(thousandths / 1000)." + String(repeating: "0", count: fraction < 10 ? 2 : (fraction < 100 ? 1 : 0)) + "\(fraction)"
    }
}
