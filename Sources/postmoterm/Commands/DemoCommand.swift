import ArgumentParser
import BalancerAdapters
import CursesBackend
import Foundation
import LoopbackLab
import MarkdownAdapter
import PostmotermCore
import SQLiteStore

/// `postmoterm demo`: the seed outage replayed on a real HAProxy on loopback, in the console or
/// headless.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Replay the seed outage on a real local HAProxy: see the console, or run it headless.",
        discussion: """
            Starts, in a private temporary folder and on free loopback ports, a real HAProxy (pool \
            `api`: api-1..3 at weight 1, health checks, `observe layer7` breaker, slow start, an \
            admin-level runtime socket), three small API servers that slow down and then answer 503 \
            past their capacity, and a bounded load through the balancer. Then the story plays: a \
            configuration change raises api-2's weight from 1 to 10, api-2 takes 10/12 of the \
            traffic, trips its breaker and crashes, the others struggle.

            In the console you are the responder: follow the API-outage playbook, act on the \
            balancer from the health pane (drain, weight), and export the postmortem draft with `e`.
            With --headless a scripted team follows the playbook, the timeline prints as it goes, \
            and the postmortem draft is exported to a path printed at the end.

            Everything it started is stopped when it ends (q, Ctrl-C, SIGTERM, or a crash).

            Examples:
              postmoterm demo
              postmoterm demo --headless --speed 10
            """
    )

    @Option(help: ArgumentHelp(
        "How much faster than real time the story runs (0.25–20; the whole story is about two minutes at 1).",
        valueName: "factor"))
    var speed: Double = 1

    @Flag(help: "No console: play the scripted responders, print the timeline, export the draft.")
    var headless = false

    @Flag(help: "Keep the temporary folder (HAProxy's configuration and log, the demo's incident log).")
    var keep = false

    @Option(help: ArgumentHelp(
        "Write the demo incident into this incident-log directory instead of the temporary folder.",
        valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("The playbook to follow (default: playbooks/api-outage-load-balancer.md).", valueName: "file"))
    var playbook: String?

    func validate() throws {
        guard DemoTiming.speedRange.contains(speed) else {
            throw ValidationError("--speed must be between \(DemoTiming.speedRange.lowerBound) and \(DemoTiming.speedRange.upperBound)")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // A reader that goes away (`| head`, a closed terminal) must not kill the demo before it
        // has stopped what it started: writes then fail quietly instead.
        signal(SIGPIPE, SIG_IGN)
        guard let haproxy = Self.findHAProxy(environment: environment) else {
            Self.fail("HAProxy is not installed; install it with: apt-get install haproxy (as root; sudo apt-get … as a user)", status: 2)
        }
        if !headless {
            guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
                Self.fail("the console needs a terminal; use --headless to run the demo without one", status: 2)
            }
        }

        // The playbook (a missing one only costs the steps).
        var loaded: Playbook?
        if let path = playbook ?? DemoPlaybookLocator.find() {
            let result = PlaybookLoader.load(path: path)
            loaded = result.playbook
            if loaded == nil { Self.fail("cannot load the playbook \(TerminalSafe.escape(path))", status: 1) }
        } else if headless {
            Self.say("note: \(DemoPlaybookLocator.relativePath) not found here; the demo runs without playbook steps (use --playbook FILE)")
        }

        let script = DemoScript.seedOutage
        let timing = DemoTiming(speed: speed)
        let lab: DemoLab
        do {
            lab = try DemoLab(script: script, timing: timing, haproxyExecutable: haproxy)
            // Headless, the load starts once the balancer's counters were first read, so the
            // draft's request count and the load generator's cover the same requests.
            try lab.start(load: !headless)
        } catch {
            Self.fail("cannot start the demo lab: \(error)", status: 1)
        }
        // From here every exit path goes through `finish`.
        // The demo's own private folder: its incident log (unless --data-dir) and, with --keep,
        // a copy of HAProxy's configuration and log (HAProxy's folder goes with HAProxy).
        let folder: String
        do {
            folder = try Self.makePrivateFolder()
        } catch {
            finish(lab, folder: nil)
            Self.fail("cannot create a temporary folder: \(error)", status: 1)
        }
        let address: BalancerAddress
        let store: SQLiteIncidentStore
        let dataDirectory = dataDir.map { DataDirectory.resolve(explicit: $0) } ?? (folder as NSString).appendingPathComponent("data")
        do {
            address = try BalancerAddress.parse(lab.balancerAddress)
            store = try SQLiteIncidentStore(directory: dataDirectory)
        } catch {
            finish(lab, folder: folder)
            Self.fail("\(error)", status: 1)
        }

        let status: Int32
        if headless {
            status = await runHeadless(lab: lab, script: script, timing: timing, address: address, store: store,
                                       playbook: loaded, dataDirectory: dataDirectory, folder: folder)
        } else {
            status = await runConsole(lab: lab, script: script, timing: timing, address: address, store: store,
                                      playbook: loaded, dataDirectory: dataDirectory, folder: folder,
                                      environment: environment)
        }
        finish(lab, folder: folder)
        if keep {
            Self.say("kept: \(folder) (haproxy/haproxy.cfg, haproxy/haproxy.log\(dataDir == nil ? ", data/" : ""))")
        }
        if status != 0 { throw ExitCode(status) }
    }

    // MARK: Headless

    private func runHeadless(
        lab: DemoLab, script: DemoScript, timing: DemoTiming, address: BalancerAddress, store: SQLiteIncidentStore,
        playbook: Playbook?, dataDirectory: String, folder: String
    ) async -> Int32 {
        Self.say("postmoterm demo — the seed outage on a real HAProxy, at speed \(Self.number(timing.speed)) (about \(Int(timing.realSeconds(script.duration).rounded())) s)")
        Self.say("  balancer: \(address.display) (pool \(script.pool): \(script.instances.joined(separator: ", ")), frontend 127.0.0.1:\(lab.frontendPort))")
        Self.say("  haproxy:  pid \(lab.haproxy.pid.map(String.init) ?? "?") (its own process group), files in \(lab.directory)")
        Self.say("  load:     \(Self.number(lab.load.plan.rate)) req/s, bounded to \(lab.load.plan.maxRequests) requests / \(Int(lab.load.plan.maxDuration)) s")
        Self.say("  folder:   \(folder)" + (keep ? " (kept)" : " (removed at the end; --keep keeps it)"))
        Self.say("  log:      \(dataDirectory)")
        if let playbook { Self.say("  playbook: \(playbook.path)") }
        let alerting = Self.startAlertChain(
            lab: lab, environment: ProcessInfo.processInfo.environment, waitForScrape: true, say: { Self.say($0) })
        Self.say("")
        // The story's clock starts now, after the alert chain's wait for Prometheus.
        let clock = DemoStoryClock(timing: timing, storyDuration: script.duration)
        let log = DemoIncidentLog(store: store, clock: clock, print: { Self.say($0) })

        // The balancer, polled as `postmoterm open` does; findings become observation events.
        let poller = BalancerPoller(
            sources: [BalancerSources.make(address)], interval: timing.pollInterval, timeout: 2)
        poller.start()
        let recording = Task {
            for await update in poller.updates {
                for report in update.sources where update.polled.contains(report.source) {
                    await log.recordPoll(
                        source: report.source, snapshot: report.state.isLive ? report.snapshot : nil,
                        findings: update.findings.filter { $0.source == report.source }, at: update.at)
                }
                lab.load.start()  // after the first poll's counters (starting again does nothing)
            }
            await log.finishRecording()
        }
        let loadAnyway = Task {
            // Should the balancer not answer, the story still gets its load.
            try? await Task.sleep(for: .seconds(2))
            lab.load.start()
        }

        // With the alert chain, the team opens the incident from the first alert (waiting for it
        // at its cue if it is late, bounded: each second waited pushes the rest of the story).
        let alertPolling = alerting.flatMap { Self.pollAlerts($0, log: log, interval: timing.pollInterval) }
        var director = DemoDirector(
            script: script, mode: .headless, timing: timing, lab: lab, address: address, log: log, playbook: playbook,
            dataDirectory: dataDirectory, start: .now)
        if alerting?.alertmanager != nil { director.alertWait = max(2, timing.realSeconds(10)) }
        let play = Task { [director] in try await director.play() }
        let signals = DemoSignals { signal in
            Self.say("\nsignal \(signal): stopping the demo")
            play.cancel()
        }
        let outcome = await play.result
        signals.cancel()

        poller.stop()
        loadAnyway.cancel()
        alertPolling?.cancel()
        _ = await alertPolling?.value
        _ = await recording.value
        let totals = lab.load.totals
        Self.say("")
        Self.say("load seen by clients: \(totals.summary)")
        switch outcome {
        case .success(let path?):
            let failures = await log.failures
            Self.say("postmortem draft: \(path)")
            if let incident = await log.incident, let milestones = try? store.milestones(of: incident) {
                Self.say(Self.milestonesLine(milestones))
            }
            if !failures.isEmpty {
                Self.say("\(failures.count) event(s) could not be stored: \(failures.joined(separator: "; "))")
                return 1
            }
            return 0
        case .success(nil):
            Self.say("the story ended without a postmortem draft (see the lines above)")
            return 1
        case .failure(is CancellationError):
            return signalsExitStatus(signals)
        case .failure(let error):
            Self.say("the demo stopped: \(error)")
            return 1
        }
    }

    private func signalsExitStatus(_ signals: DemoSignals) -> Int32 {
        128 + (signals.received ?? SIGINT)
    }

    // MARK: Console

    private func runConsole(
        lab: DemoLab, script: DemoScript, timing: DemoTiming, address: BalancerAddress, store: SQLiteIncidentStore,
        playbook: Playbook?, dataDirectory: String, folder: String, environment: [String: String]
    ) async -> Int32 {
        let me = AuthorOptions.responderName(nil)
        let incident: Incident
        do {
            incident = try store.createIncident(IncidentDraft(
                title: "Demo: " + (playbook?.title ?? "API outage behind a load balancer"),
                severity: playbook?.metadata.severity, playbookPath: playbook.map { LocalPath.absolute($0.path) }, playbookDigest: PlaybookDigest.stored(playbook),
                author: Author(name: me)))
        } catch {
            Self.say("postmoterm demo: \(error)")
            return 1
        }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colors: ColorMode.fromEnvironment(environment), environment: environment)
        } catch {
            Self.say("postmoterm demo: \(error.description)")
            return 2
        }
        // The world plays on while the user responds; nothing is printed (the console owns the screen).
        let clock = DemoStoryClock(timing: DemoTiming(speed: 1), storyDuration: script.duration)
        let log = DemoIncidentLog(store: store, clock: clock, print: { _ in })
        await log.adopt(incident)
        let director = DemoDirector(
            script: script, mode: .console, timing: timing, lab: lab, address: address, log: log, playbook: playbook,
            dataDirectory: dataDirectory, start: .now)
        let world = Task { _ = try? await director.play() }
        // The alert chain needs no wait here: the weight changes 20 story seconds in, long
        // after Prometheus's first scrape at speed 1 (a faster console demo may miss the alert).
        var chainLine = ""
        let alerting = Self.startAlertChain(lab: lab, environment: environment, waitForScrape: false) { line in
            if chainLine.isEmpty { chainLine = line.trimmingCharacters(in: .whitespaces) }
        }
        let chainNotice = alerting?.alertmanager == nil
            ? " (\(chainLine.replacingOccurrences(of: "alerts:   off — ", with: "No alerts pane: ")))"
            : " HAProxyServerWeightSkew will fire in the alerts pane."
        var setup = ConsoleRuntime.Setup(
            incident: incident, playbook: playbook, me: me, readOnly: false,
            addresses: [address], interval: timing.pollInterval, dataDirectory: dataDirectory, store: store,
            initialNotice: "Demo: api-2's weight changes at +\(Int(timing.realSeconds(20)))s. Watch the health pane (Tab), follow the playbook, act on api-2." + chainNotice)
        setup.alertClients = Self.alertClients(alerting)
        setup.metrics = Self.metricsClient(alerting)
        setup.runbookFolders = playbook.map { [($0.path as NSString).deletingLastPathComponent] } ?? []
        let runtime = ConsoleRuntime(setup: setup, terminal: terminal)
        let status = await runtime.run()
        world.cancel()
        // Stop everything before saying anything: the terminal may be gone (SIGHUP).
        finish(lab, folder: folder)
        let exported = (try? store.events(of: incident.id))?.last { $0.kind == .export }?.data["path"]
        Self.say("demo incident \(incident.id.rawValue)" + (exported.map { "; postmortem draft: \($0)" } ?? ""))
        return status
    }

    // MARK: Helpers

    /// Stops everything the demo started; removes its private folder, or with --keep copies
    /// HAProxy's configuration and log into it first. Safe to call more than once.
    private func finish(_ lab: DemoLab, folder: String?) {
        if keep, let folder {
            let kept = (folder as NSString).appendingPathComponent("haproxy")
            try? FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
            for name in ["haproxy.cfg", "haproxy.log"] {
                let target = (kept as NSString).appendingPathComponent(name)
                try? FileManager.default.removeItem(atPath: target)
                try? FileManager.default.copyItem(atPath: (lab.directory as NSString).appendingPathComponent(name), toPath: target)
            }
        }
        lab.stop(keepFiles: false)
        if !keep, let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// A new folder only this user can read, in the temporary directory.
    static func makePrivateFolder() throws -> String {
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("postmoterm-demo-XXXXXX")).utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return made
    }

    /// `$POSTMOTERM_HAPROXY`, else `haproxy` on the PATH, else the usual sbin folders.
    static func findHAProxy(environment: [String: String]) -> String? {
        if let explicit = environment["POSTMOTERM_HAPROXY"] {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in path + ["/usr/sbin", "/usr/local/sbin", "/sbin"] {
            let candidate = (directory as NSString).appendingPathComponent("haproxy")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Prints a line; never fails (a closed terminal or pipe must not stop the clean-up).
    static func say(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("postmoterm demo: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
