import ArgumentParser
import Foundation
import LoopbackLab
import PostmotermTestSupport

/// `postmoterm-bench console`: the console's budgets in a real terminal (tmux), side by side with
/// hatop on the same HAProxy (1,003 servers, 1 s refresh) in the same run.
struct ConsoleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Measures postmoterm open against hatop: first frame, CPU per refresh, anonymous memory, key latency, bytes written.",
        discussion: """
            Starts a real HAProxy (/usr/sbin/haproxy) with one pool of --servers servers, then runs \
            the release `postmoterm open --balancer SOCKET --interval 1` and `hatop -s SOCKET -i 1`, \
            each in its own detached tmux pane (120×40, TERM=xterm-256color), gated so the clock \
            starts just before the program is exec'd:
            - first frame: postmoterm's trace (POSTMOTERM_CONSOLE_TRACE, CLOCK_MONOTONIC) for its \
            first frame, the median of --launches launches that each create the incident log (the \
            very first launch on a machine) and of as many with the log in place; the first frame \
            showing the pool in the main run; hatop: capture-pane polled until its server list shows;
            - CPU per refresh: time on CPU of every thread (/proc/PID/task/*/schedstat, nanoseconds) \
            over --seconds of steady state, divided by the refreshes (polls) in that window; \
            /proc/PID/stat's utime + stime (10 ms ticks) is printed beside it as a cross-check;
            - memory: RssAnon (the budget: heap, stacks, written data), with VmRSS, its peak VmHWM \
            and RssFile beside it, from /proc/PID/status (`postmoterm-bench soak` follows RssAnon \
            over an hour);
            - key latency (postmoterm): `tmux send-keys j/k` in the health table while polling, until \
            the trace shows the frame that answered it (includes tmux's own forwarding);
            - bytes written to the terminal: `tmux pipe-pane` counting what the program wrote, per \
            second of steady state; for postmoterm also the frames that wrote nothing.
            Run it in a release build: swift build -c release && .build/release/postmoterm-bench console
            """
    )

    @Option(help: "Servers in the pool.") var servers = 1003
    @Option(help: "Seconds of steady state measured for CPU and bytes.") var seconds = 10.0
    @Option(help: "Keys sent to measure key latency.") var keys = 40
    @Option(name: .customLong("hatop-seconds"), help: "Seconds of hatop measured (0 skips hatop).") var hatopSeconds = 10.0
    @Option(help: "The postmoterm executable (default: next to this benchmark).") var binary: String?
    @Option(help: "Launches timed for each first-frame figure (the median is reported).") var launches = 7
    @Option(help: ArgumentHelp(
        "Requests per second sent through the pool during a second CPU window, for both consoles (0: idle only).",
        discussion: "The servers have no backend: HAProxy tries one per request, is refused and answers 503, so that server's counters move."))
    var traffic = 0.0

    func run() async throws {
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("postmoterm").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no postmoterm executable at \(executable) (swift build -c release first, or --binary)")
        }
        let frontend = traffic > 0 ? try FreePort.allocate() : nil
        let haproxy = try HAProxyProcess(config: .benchmark(servers: servers, frontendPort: frontend))
        try haproxy.start(timeout: 10)
        defer { haproxy.stop() }
        let directory = URL(fileURLWithPath: "/tmp/pm-console-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tmux = try TmuxServer(directory: directory)
        defer { tmux.kill() }

        print("HAProxy on \(haproxy.socketPath): 1 pool, \(servers) servers; terminal: tmux 120×40, TERM=xterm-256color")
        print("postmoterm: \(executable)")
        // Each first launch gets a data directory of its own (it creates the log); later launches
        // share the first one's, as every launch after the first on a machine does.
        let count = max(1, launches)
        let firstLaunches = Latencies(samples: try (0..<count).map { index in
            try measureLaunch(
                executable: executable, socket: haproxy.socketPath, directory: directory, tmux: tmux,
                session: "first\(index)", data: index == 0 ? "data" : "data-first-\(index)")
        })
        let laterLaunches = Latencies(samples: try (0..<count).map { index in
            try measureLaunch(
                executable: executable, socket: haproxy.socketPath, directory: directory, tmux: tmux,
                session: "later\(index)", data: "data")
        })
        let ours = try measurePostmoterm(
            executable: executable, socket: haproxy.socketPath, directory: directory, tmux: tmux, frontend: frontend)
        print("")
        print("postmoterm open --interval 1")
        for (name, launches, what) in [
            ("first frame, first launch", firstLaunches, "each creates the incident log"),
            ("first frame               ", laterLaunches, "the log exists, as on any later launch"),
        ] {
            print("  \(name)  median \(Self.ms(launches.median)) ms, \(Self.ms(launches.min))–\(Self.ms(launches.max)) over \(launches.count) launches   (budget ≤ 30 ms: \(launches.median <= 30 ? "MET" : "MISSED")); \(what)")
        }
        print("  first frame, main run       \(Self.ms(ours.firstFrame)) ms")
        print("  first frame with the pool   \(Self.ms(ours.firstPoolFrame)) ms")
        print("  CPU per refresh             \(Self.ms(ours.cpuPerRefresh)) ms   (budget ≤ 1 ms: \(ours.cpuPerRefresh <= 1 ? "MET" : "MISSED")); \(ours.refreshes) refreshes in \(Self.ms(seconds * 1000)) ms; utime+stime: \(Self.ms(ours.cpuPerRefreshTicks)) ms")
        print("  anonymous memory (RssAnon)  \(Self.mb(ours.anonKB)) MB   (budget ≤ 8 MB: \(ours.anonKB <= SoakBench.budgetKiB ? "MET" : "MISSED")); VmRSS \(Self.mb(ours.rssKB)) MB (peak \(Self.mb(ours.peakKB)) MB), file-backed \(Self.mb(ours.fileKB)) MB")
        print("  key latency                 median \(Self.ms(ours.keyLatency.median)) ms  p95 \(Self.ms(ours.keyLatency.p95)) ms  max \(Self.ms(ours.keyLatency.max)) ms over \(ours.keyLatency.count) keys   (budget ≤ 20 ms: \(ours.keyLatency.max <= 20 ? "MET" : "MISSED"))")
        if let loaded = ours.loaded {
            print("  CPU per refresh, traffic    \(Self.ms(loaded.cpuPerRefresh)) ms   (\(loaded.describe))")
        }
        print("  bytes written, steady state \(Self.ms(ours.bytesPerSecond)) bytes/s (the clock); frames \(ours.frames), of which \(ours.emptyFrames) wrote 0 bytes; cells written \(ours.cells)")
        print("  after a key, cells written  \(ours.cellsPerKey) per frame (median)")

        if hatopSeconds > 0 {
            let theirs = try measureHatop(socket: haproxy.socketPath, directory: directory, tmux: tmux, frontend: frontend)
            print("")
            print("hatop -s SOCKET -i 1 (same HAProxy, same run)")
            print("  first frame with the pool   \(Self.ms(theirs.firstPoolFrame)) ms")
            print("  CPU per refresh             \(Self.ms(theirs.cpuPerRefresh)) ms; \(theirs.refreshes) refreshes; utime+stime: \(Self.ms(theirs.cpuPerRefreshTicks)) ms")
            if let loaded = theirs.loaded {
                print("  CPU per refresh, traffic    \(Self.ms(loaded.cpuPerRefresh)) ms   (\(loaded.describe))")
            }
            print("  anonymous memory (RssAnon)  \(Self.mb(theirs.anonKB)) MB; VmRSS \(Self.mb(theirs.rssKB)) MB (peak \(Self.mb(theirs.peakKB)) MB), file-backed \(Self.mb(theirs.fileKB)) MB")
            print("  bytes written, steady state \(Self.ms(theirs.bytesPerSecond)) bytes/s")
        }
    }

    // MARK: - postmoterm

    struct Latencies {
        var samples: [Double]
        var count: Int { samples.count }
        var median: Double { sorted.isEmpty ? .nan : sorted[sorted.count / 2] }
        var p95: Double { sorted.isEmpty ? .nan : sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * 0.95))] }
        var max: Double { sorted.last ?? .nan }
        var min: Double { sorted.first ?? .nan }
        private var sorted: [Double] { samples.sorted() }
    }

    struct Result {
        var firstFrame = 0.0, firstPoolFrame = 0.0, cpuPerRefresh = 0.0, cpuPerRefreshTicks = 0.0, bytesPerSecond = 0.0
        var refreshes = 0, rssKB = 0, peakKB = 0, anonKB = 0, fileKB = 0, frames = 0, emptyFrames = 0, cells = 0, cellsPerKey = 0
        var keyLatency = Latencies(samples: [])
        /// The window with `--traffic`.
        var loaded: LoadedWindow?
    }

    /// One `postmoterm open` in tmux, timed from launch to its first frame, then quit. With a data
    /// directory of its own it is the very first launch on a machine: no incident log yet, so
    /// the first frame waits for the database to be created.
    func measureLaunch(
        executable: String, socket: String, directory: URL, tmux: TmuxServer, session: String, data: String
    ) throws -> Double {
        let tracePath = directory.appendingPathComponent("trace-\(session)").path
        let dataPath = directory.appendingPathComponent(data).path
        let start = try Self.launchGated(
            session: session,
            command: "POSTMOTERM_DATA_DIR=\(dataPath) POSTMOTERM_CONSOLE_TRACE=\(tracePath) \(executable) open --balancer \(socket) --interval 1 --title 'Launch \(session)' --as bench",
            directory: directory, tmux: tmux)
        let trace = TraceReader(path: tracePath, tmux: tmux)
        guard let first = trace.waitFor(timeout: 10, { $0.what.hasPrefix("frame") }) else {
            throw ValidationError("postmoterm drew nothing in 10 s; screen:\n\(tmux.capture(session))")
        }
        let pid = tmux.panePID(session)
        try tmux.run(["send-keys", "-t", session, "q"])
        try tmux.run(["send-keys", "-t", session, "y"])
        if let pid { _ = ProcessExit.wait(for: [pid], until: Deadline(seconds: 10)) }
        return Double(first.time - start) / 1e6
    }

    func measurePostmoterm(
        executable: String, socket: String, directory: URL, tmux: TmuxServer, frontend: UInt16?
    ) throws -> Result {
        let tracePath = directory.appendingPathComponent("trace").path
        let data = directory.appendingPathComponent("data").path
        let start = try Self.launchGated(
            session: "console",
            command: "POSTMOTERM_DATA_DIR=\(data) POSTMOTERM_CONSOLE_TRACE=\(tracePath) \(executable) open --balancer \(socket) --interval 1 --title 'Console bench' --as bench",
            directory: directory, tmux: tmux)
        let bytesPath = tmux.outputPath("console")

        var result = Result()
        let trace = TraceReader(path: tracePath, tmux: tmux)
        guard let first = trace.waitFor(timeout: 10, { $0.what.hasPrefix("frame") }) else {
            throw ValidationError("postmoterm drew nothing in 10 s; screen:\n\(tmux.capture("console"))")
        }
        result.firstFrame = Double(first.time - start) / 1e6
        guard let firstPoll = trace.waitFor(timeout: 10, { $0.what == "poll" }),
            let poolFrame = trace.waitFor(timeout: 10, { $0.what.hasPrefix("frame") && $0.time > firstPoll.time })
        else { throw ValidationError("postmoterm never showed the pool; screen:\n\(tmux.capture("console"))") }
        result.firstPoolFrame = Double(poolFrame.time - start) / 1e6
        guard let pid = tmux.panePID("console") else { throw ValidationError("no pid for postmoterm") }

        // Steady state: a few polls of warm-up, then the window.
        Thread.sleep(forTimeInterval: 3)
        let ticks0 = try Self.cpu(of: pid)
        var sampler = ProcessCPUSampler(pid: pid)
        let marker = trace.events().last?.time ?? 0
        let bytes0 = Self.size(bytesPath)
        sampler.sample(for: seconds)
        let ticks1 = try Self.cpu(of: pid)
        let window = trace.events().filter { $0.time > marker }
        result.refreshes = window.filter { $0.what == "poll" }.count
        result.cpuPerRefresh = sampler.milliseconds / Double(max(1, result.refreshes))
        result.cpuPerRefreshTicks = (ticks1 - ticks0) * 1000 / Double(max(1, result.refreshes))
        result.bytesPerSecond = Double(Self.size(bytesPath) - bytes0) / seconds
        let frames = window.filter { $0.what.hasPrefix("frame") }
        result.frames = frames.count
        result.emptyFrames = frames.filter { $0.what == "frame 0" }.count
        result.cells = frames.compactMap { Int($0.what.dropFirst(6)) }.reduce(0, +)
        (result.rssKB, result.peakKB, result.anonKB, result.fileKB) = try Self.memoryDetails(of: pid)
        if let frontend {
            result.loaded = try LoadedWindow.measure(pid: pid, frontend: frontend, rate: traffic, seconds: seconds, socket: socket) {
                trace.events().last?.time ?? 0
            } polls: { since in
                trace.events().filter { $0.time > since && $0.what == "poll" }.count
            }
        }

        // Keys while polling: move in the health table (Tab focuses it).
        try tmux.run(["send-keys", "-t", "console", "Tab"])
        Thread.sleep(forTimeInterval: 0.2)
        var latencies: [Double] = []
        var keyCells: [Int] = []
        for index in 0..<keys {
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.15))
            let before = trace.events().last?.time ?? 0
            let sent = Self.monotonic()
            try tmux.run(["send-keys", "-t", "console", index % 2 == 0 ? "j" : "k"])
            guard let input = trace.waitFor(timeout: 2, { $0.what.hasPrefix("input") && $0.time > max(before, sent) }),
                let frame = trace.waitFor(timeout: 2, { $0.what.hasPrefix("frame") && $0.time >= input.time })
            else { continue }
            latencies.append(Double(frame.time - sent) / 1e6)
            keyCells.append(Int(frame.what.dropFirst(6)) ?? 0)
        }
        result.keyLatency = Latencies(samples: latencies)
        result.cellsPerKey = keyCells.sorted().dropFirst(keyCells.count / 2).first ?? 0

        try tmux.run(["send-keys", "-t", "console", "q"])
        try tmux.run(["send-keys", "-t", "console", "y"])
        return result
    }

    // MARK: - hatop

    func measureHatop(socket: String, directory: URL, tmux: TmuxServer, frontend: UInt16?) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/hatop") else { throw ValidationError("hatop is not installed") }
        let start = try Self.launchGated(
            session: "hatop", command: "/usr/bin/hatop -s \(socket) -i 1", directory: directory, tmux: tmux)
        let bytesPath = tmux.outputPath("hatop")
        var result = Result()
        guard tmux.waitFor("hatop", timeout: 15, { $0.contains("srv1") }).met else { throw ValidationError("hatop never showed the pool; screen:\n\(tmux.capture("hatop"))") }
        result.firstPoolFrame = Double(Self.monotonic() - start) / 1e6
        guard let pid = tmux.panePID("hatop") else { throw ValidationError("no pid for hatop") }
        Thread.sleep(forTimeInterval: 2.5)
        let ticks0 = try Self.cpu(of: pid)
        var sampler = ProcessCPUSampler(pid: pid)
        let bytes0 = Self.size(bytesPath)
        let t0 = Date()
        sampler.sample(for: hatopSeconds)
        let elapsed = Date().timeIntervalSince(t0)
        result.refreshes = Int(elapsed.rounded())
        result.cpuPerRefresh = sampler.milliseconds / Double(max(1, result.refreshes))
        result.cpuPerRefreshTicks = (try Self.cpu(of: pid) - ticks0) * 1000 / Double(max(1, result.refreshes))
        result.bytesPerSecond = Double(Self.size(bytesPath) - bytes0) / elapsed
        (result.rssKB, result.peakKB, result.anonKB, result.fileKB) = try Self.memoryDetails(of: pid)
        if let frontend {
            // hatop refreshes once a second, on its own clock: one refresh per elapsed second.
            result.loaded = try LoadedWindow.measure(pid: pid, frontend: frontend, rate: traffic, seconds: hatopSeconds, socket: socket) {
                Self.monotonic()
            } polls: { since in
                Int((Double(Self.monotonic() - since) / 1e9).rounded())
            }
        }
        try tmux.run(["send-keys", "-t", "hatop", "q"])
        return result
    }

    // MARK: - Helpers

    /// Starts `command` (TERM=xterm-256color) in a detached 120×40 tmux session, held at a FIFO
    /// gate so the clock starts just before it is exec'd; everything it writes to the terminal is
    /// appended to `tmux.outputPath(session)`. Returns CLOCK_MONOTONIC at the gate's opening.
    static func launchGated(session: String, command: String, directory: URL, tmux: TmuxServer) throws -> Int64 {
        let gate = directory.appendingPathComponent("go-\(session)").path
        guard mkfifo(gate, 0o600) == 0 else { throw ValidationError("mkfifo \(gate) failed") }
        try tmux.newSession(
            session, command: "read _ < \(gate); exec env TERM=xterm-256color \(command)", columns: 120, rows: 40)
        let start = monotonic()
        try openGate(gate, session: session, tmux: tmux)
        return start
    }

    /// Opens the gate `session`'s shell waits at. A FIFO opened for writing blocks until a
    /// reader opens it, so it is opened without blocking, again until the shell has it open, for
    /// at most 10 s: a session that never started fails the benchmark with its screen instead
    /// of hanging it (as it did when the tmux server exited between two launches).
    static func openGate(_ path: String, session: String, tmux: TmuxServer) throws {
        let deadline = monotonic() + 10_000_000_000
        var descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        while descriptor < 0 {
            guard errno == ENXIO || errno == EINTR, monotonic() < deadline else {
                throw ValidationError("the shell of tmux session \(session) never opened \(path); screen:\n\(tmux.capture(session))")
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
            descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        }
        defer { close(descriptor) }
        let line = Array("go\n".utf8)
        guard line.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == line.count else {
            throw ValidationError("cannot write to \(path)")
        }
    }

    static func monotonic() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// utime + stime in seconds (/proc/PID/stat fields 14 and 15).
    static func cpu(of pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = stat.lastIndex(of: ")") else { throw ValidationError("unreadable /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw ValidationError("unreadable /proc/\(pid)/stat")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS, VmHWM and the two parts of VmRSS that matter here, in KiB: RssAnon (heap, stacks,
    /// written data) and RssFile (pages of the executable and libraries mapped in — the kernel
    /// maps up to 64 KiB around each page touched, so this follows the code's size and spread).
    static func memoryDetails(of pid: Int32) throws -> (rss: Int, peak: Int, anon: Int, file: Int) {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func value(_ key: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
                .flatMap { Int($0) } ?? 0
        }
        return (value("VmRSS:"), value("VmHWM:"), value("RssAnon:"), value("RssFile:"))
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    static func ms(_ value: Double) -> String { String(format: "%.2f", value) }
    static func mb(_ kilobytes: Int) -> String { String(format: "%.1f", Double(kilobytes) / 1024) }
}

/// Reads the console's trace file (see `FrameTrace` in the postmoterm target).
struct TraceReader {
    struct Event {
        var time: Int64
        var what: String
    }

    let path: String
    /// The server whose folder holds the trace: its changes wake ``waitFor(timeout:_:)``.
    let tmux: TmuxServer

    func events() -> [Event] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let space = line.firstIndex(of: " "), let time = Int64(line[..<space]) else { return nil }
            return Event(time: time, what: String(line[line.index(after: space)...]))
        }
    }

    /// Reads the file again each time it changes until an event matches; nil after `timeout` s.
    func waitFor(timeout: Double, _ matches: (Event) -> Bool) -> Event? {
        var found: Event?
        _ = tmux.waitUntil(timeout: timeout) {
            found = events().first(where: matches)
            return found != nil
        }
        return found
    }
}
