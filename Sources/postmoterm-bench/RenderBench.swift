import ArgumentParser
import Console
import CursesBackend
import Foundation

/// `postmoterm-bench render`: the cost of one console frame, without a terminal or a balancer.
///
/// Builds the console of a big incident (a 30-step playbook, 1,003 instances like HAProxy's
/// benchmark pool, 200 timeline events) and times, per iteration, the pure render into a
/// ``CellBuffer`` and the curses diff of ``CursesTerminal`` on a headless screen (`newterm` on
/// /dev/null: real ncurses, no TTY). Prints median and p99 in µs and the per-frame budget.
struct RenderBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Times one console frame: render to the cell buffer and the curses diff (median, p99).",
        discussion: """
            Operations, each timed --iterations times after a warm-up:
            - render 120×40 / 200×60: ConsoleRenderer.render of the whole frame;
            - render, clock moved: the same after only `now` changed;
            - tick over the last frame: what the console does on a tick (only the header and the
              health table drawn again over the last frame);
            - render, health filter: the same with `/srv1` typed in the health pane;
            - diff, no change: CursesTerminal.draw of the frame it already shows (writes nothing);
            - diff, clock moved: draw of a frame whose header clock changed (a few cells);
            - diff, full repaint: invalidate, then draw the whole frame (Ctrl-L, resize).
            The diff runs on the terminal's actor (no hop is timed). Build in release:
            swift build -c release --product postmoterm-bench
            """
    )

    @Option(help: "Timed iterations per operation.") var iterations = 2000
    @Option(help: "Instances in the health table.") var servers = 1003
    @Option(help: "Events in the timeline.") var events = 200
    @Option(help: "Terminal type for the headless curses screen.") var term = "xterm-256color"
    @Option(help: "Also write the benchmark's frames (text, and every cell's style) to this file, to compare builds.")
    var dump: String?

    func run() async throws {
        let base = Self.incidentState(servers: servers, events: events)
        let small = TerminalSize(columns: 120, rows: 40)
        let large = TerminalSize(columns: 200, rows: 60)
        print("console: \(base.playbook.stepCount) steps, \(base.health.count) instances, \(base.timeline.count) timeline events; \(iterations) iterations each")

        if let dump { try Self.dumpFrames(of: base, to: dump) }

        var results: [(String, Timings)] = []
        var state = base
        state.size = small
        results.append(("render 120×40", Timings.measure(iterations) { _ in
            _ = ConsoleRenderer.render(state, size: small)
        }))
        state.size = large
        results.append(("render 200×60", Timings.measure(iterations) { _ in
            _ = ConsoleRenderer.render(state, size: large)
        }))
        state.size = small
        var ticking = state
        results.append(("render 120×40, clock moved", Timings.measure(iterations) { index in
            ticking.now = state.now.addingTimeInterval(Double(index + 1))
            _ = ConsoleRenderer.render(ticking, size: small)
        }))
        // What the console does on a tick: the header and health table drawn over the last
        // frame in place (handed over, held nowhere else).
        var lastFrame = ConsoleRenderer.render(state, size: small)
        var lastState = state
        results.append(("tick over the last frame", Timings.measure(iterations) { index in
            ticking.now = state.now.addingTimeInterval(Double(index + 1))
            let taken = lastFrame
            lastFrame = CellBuffer(width: 0, height: 0)
            lastFrame = ConsoleRenderer.render(ticking, size: small, after: lastState, frame: taken)
            lastState = ticking
        }))

        // A health filter as typed with `/` (ConsoleState.visibleHealth filters every frame).
        var filtered = state
        filtered.filters[.health] = "srv1"
        results.append(("render 120×40, health filter", Timings.measure(iterations) { _ in
            _ = ConsoleRenderer.render(filtered, size: small)
        }))

        let frame = ConsoleRenderer.render(state, size: small)
        // The same picture in its own storage, as each tick renders a new buffer.
        let again = ConsoleRenderer.render(state, size: small)
        var later = state
        later.now = state.now.addingTimeInterval(1)
        let ticked = ConsoleRenderer.render(later, size: small)
        let terminal = try CursesTerminal(headlessTerm: term, columns: small.columns, rows: small.rows)
        results += await Self.measureDiff(on: terminal, frame: frame, again: again, ticked: ticked, iterations: iterations)
        await terminal.close()

        print("")
        print("operation                        median µs     p99 µs   CPU median µs  (wall clock; CPU: this thread's time, which a busy machine does not inflate)")
        for (name, timings) in results {
            print(name.padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%10.2f %10.2f %15.2f", timings.median, timings.p99, timings.cpuMedian))
        }
        let render = results.first { $0.0 == "render 120×40" }?.1.median ?? .nan
        let same = results.first { $0.0 == "diff, no change" }?.1.median ?? .nan
        let clock = results.first { $0.0 == "diff, clock moved" }?.1.median ?? .nan
        print("")
        func verdict(_ value: Double, _ budget: Double) -> String {
            String(format: "%.1f µs (≤ %.0f: ", value, budget) + (value <= budget ? "MET)" : "MISSED)")
        }
        print("budget: render 120×40 " + verdict(render, 100) + ", diff no change " + verdict(same, 30)
            + ", diff clock moved " + verdict(clock, 50))
    }

    /// The diffs, timed on the terminal's own actor.
    static func measureDiff(
        on terminal: isolated CursesTerminal, frame: CellBuffer, again: CellBuffer, ticked: CellBuffer, iterations: Int
    ) -> [(String, Timings)] {
        terminal.draw(frame)
        // Alternate between two equal frames in separate storage: every row is compared.
        let same = Timings.measure(iterations) { index in terminal.draw(index % 2 == 0 ? again : frame) }
        // Alternate between two frames a second apart: every draw writes the clock's cells.
        let clock = Timings.measure(iterations) { index in terminal.draw(index % 2 == 0 ? ticked : frame) }
        let full = Timings.measure(max(1, iterations / 4)) { _ in
            terminal.invalidate()
            terminal.draw(frame)
        }
        return [("diff, no change", same), ("diff, clock moved", clock), ("diff, full repaint", full)]
    }
}

extension RenderBench {
    /// Per-iteration durations of one operation, in µs.
    struct Timings {
        var samples: [Double]
        /// The same iterations timed on CLOCK_THREAD_CPUTIME_ID, sorted.
        var cpuSamples: [Double]

        var cpuMedian: Double { cpuSamples.isEmpty ? .nan : cpuSamples[cpuSamples.count / 2] }

        var median: Double { samples.isEmpty ? .nan : samples[samples.count / 2] }
        var p99: Double { samples.isEmpty ? .nan : samples[min(samples.count - 1, samples.count * 99 / 100)] }

        /// Runs `body` a tenth of `iterations` untimed (warm-up), then `iterations` times timed.
        static func measure(_ iterations: Int, _ body: (Int) -> Void) -> Timings {
            for index in 0..<max(1, iterations / 10) { body(index) }
            var samples: [Double] = []
            var cpuSamples: [Double] = []
            samples.reserveCapacity(iterations)
            cpuSamples.reserveCapacity(iterations)
            for index in 0..<iterations {
                let cpuStart = nanoseconds(CLOCK_THREAD_CPUTIME_ID)
                let start = nanoseconds(CLOCK_MONOTONIC)
                body(index)
                samples.append(Double(nanoseconds(CLOCK_MONOTONIC) - start) / 1000)
                cpuSamples.append(Double(nanoseconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart) / 1000)
            }
            samples.sort()
            cpuSamples.sort()
            return Timings(samples: samples, cpuSamples: cpuSamples)
        }

        private static func nanoseconds(_ clock: clockid_t) -> UInt64 {
            var now = timespec()
            clock_gettime(clock, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }
    }
}

extension RenderBench {
    /// A big incident as the console holds it twelve minutes in: alice is IC, a third of the steps
    /// are closed, the health pane is focused on HAProxy's benchmark pool (weights 1…4, every
    /// 50th server in maintenance), the timeline a mix of notes, findings, steps and actions.
    static func incidentState(servers: Int, events: Int) -> ConsoleState {
        let start = Date(timeIntervalSince1970: 1_795_615_320)
        let now = start.addingTimeInterval(12 * 60 + 5)
        let roles = ["ic", "ops", "comms"]
        let phases = ["Triage", "Diagnose", "Mitigate", "Recover", "Follow up"].enumerated().map { p, title in
            OutlinePhase(title: title, steps: (0..<6).map { s in
                let n = p * 6 + s
                return OutlineStep(
                    id: "step-\(n)", text: "Step \(n + 1): check the pool and the instance with the most sessions",
                    role: roles[n % 3],
                    details: n % 2 == 0 ? "Look at the share of every instance; one with far more than its fair share is suspect." : "",
                    commands: n % 3 == 0 ? ["echo 'show servers state bench' | socat stdio /run/haproxy/admin.sock"] : [])
            })
        }
        let playbook = PlaybookOutline(
            title: "API outage behind a load balancer", phases: phases,
            roles: [OutlineRole(id: "ic", name: "Incident Commander"), OutlineRole(id: "ops", name: "Operations"),
                    OutlineRole(id: "comms", name: "Communications")])
        let incident = IncidentHeader(
            id: "2026-11-25-api-outage", title: "API outage behind a load balancer", severity: "sev1",
            status: .investigating, startedAt: start)
        let label = "haproxy+unix:///tmp/pm-bench/haproxy.sock"
        var state = ConsoleState(
            incident: incident, playbook: playbook, me: "alice",
            sources: [SourceStatus(label: label, state: .live)],
            size: TerminalSize(columns: 120, rows: 40), now: now)

        var log: [ConsoleEvent] = [
            ConsoleEvent(id: 1, recordedAt: start, author: "postmoterm", kind: .other("incidentStarted"), text: incident.title),
            ConsoleEvent(id: 2, recordedAt: start, author: "alice", kind: .roleAssigned(role: "ic", holder: "alice"), text: "alice took ic"),
        ]
        for n in 0..<max(0, events - log.count) {
            let id = Int64(log.count + 1)
            let at = start.addingTimeInterval(Double(n) * 3)
            let author = ["alice", "bob", "carol", "王小明"][n % 4]
            let kind: EntryKind
            let text: String
            switch n % 8 {
            case 0: (kind, text) = (.balancerObservation(serious: n % 16 == 0), "bench/srv\(n % servers + 1) went DOWN")
            case 1: (kind, text) = (.stepDone(step: "step-\(n % 10)"), "done")
            case 2: (kind, text) = (.balancerAction, "disable server bench/srv\(n % servers + 1)")
            case 3: (kind, text) = (.note, "客户投诉 API 超时 🔥 ticket \(n)")
            default: (kind, text) = (.note, "Investigating srv\(n % servers + 1): latency \(n % 700) ms, see the dashboard")
            }
            log.append(ConsoleEvent(id: id, recordedAt: at, author: author, kind: kind, text: text))
        }
        state = ConsoleReducer.reduce(state, .storeEvents(log)).0

        let totalWeight = (0..<servers).reduce(0) { $0 + ($1 % 50 == 49 ? 0 : 1 + $1 % 4) }
        let rows = (0..<servers).map { index in
            let weight = 1 + index % 4
            let maintenance = index % 50 == 49
            return HealthRow(
                source: label, pool: "bench", instance: "srv\(index + 1)", address: "127.0.0.1:9",
                status: maintenance ? .maintenance : .up, weight: maintenance ? 0 : weight, configuredWeight: weight,
                initialWeight: weight, share: maintenance ? 0 : Double(weight) / Double(max(1, totalWeight)),
                sessions: index % 7, requestsPerSecond: Double(index % 13) * 1.5, errorPercent: 0,
                latencyMilliseconds: index % 40, check: "", breaker: .notObserved,
                lastChange: start.addingTimeInterval(-3600), actionable: true)
        }
        state = ConsoleReducer.reduce(state, .pollUpdate(SourceStatus(label: label, state: .live), rows: rows)).0
        state.focus = .health
        state.healthCursor = 3
        return state
    }
}

extension RenderBench {
    /// Writes each frame as text followed by one style line per row (a letter per cell), for the
    /// main screen at three sizes with each pane focused, and the help screen.
    static func dumpFrames(of base: ConsoleState, to path: String) throws {
        var out = ""
        let sizes = [TerminalSize(columns: 120, rows: 40), TerminalSize(columns: 200, rows: 60), TerminalSize(columns: 80, rows: 24)]
        for size in sizes {
            for focus in [Pane.playbook, .health, .timeline] {
                var state = base
                state.size = size
                state.focus = focus
                out += frameDump(ConsoleRenderer.render(state, size: size), name: "\(size) \(focus)")
            }
        }
        var help = base
        help.mode = .help
        out += frameDump(ConsoleRenderer.render(help, size: TerminalSize(columns: 120, rows: 40)), name: "help")
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func frameDump(_ buffer: CellBuffer, name: String) -> String {
        var out = "== \(name) cursor \(String(describing: buffer.cursor))\n" + buffer.text() + "\n"
        for y in 0..<buffer.height {
            var line = ""
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                let style = cell.style
                let code = Int(style.foreground.rawValue) * 6 + Int(style.background.rawValue)
                let flags = (style.bold ? 1 : 0) | (style.reverse ? 2 : 0) | (style.underline ? 4 : 0)
                line += "\(code).\(flags).\(cell.width) "
            }
            out += line + "\n"
        }
        return out
    }
}
