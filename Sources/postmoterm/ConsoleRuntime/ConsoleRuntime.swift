import BalancerAdapters
import Console
import CursesBackend
import Foundation
import MonitoringAdapters
import PostmotermCore
import SQLiteStore

/// Runs the console as the Elm architecture reads: sources of messages (keys, the clock, balancer
/// polls, the store; ``start(worker:after:sink:)``), one loop that passes each message through
/// ``ConsoleReducer`` and draws the new state (``loop(_:from:watcher:interpreter:trace:)``), and
/// one ``CommandInterpreter`` that performs the commands the reducer returns.
struct ConsoleRuntime {
    /// Everything the runtime needs, decided by `postmoterm open` before the terminal opens.
    struct Setup: Sendable {
        var incident: Incident
        var playbook: Playbook?
        var me: String
        var readOnly: Bool
        var addresses: [BalancerAddress]
        var interval: Double
        var dataDirectory: String
        var store: any IncidentStore
        var initialNotice: String?
        /// The Alertmanagers watched (the alerts pane shows when there is one).
        var alertClients: [AlertmanagerClient] = []
        var runbookFolders: [String] = []
        /// Team mode (issue 15): ships the log in the background; its status goes to the header.
        var teamShipper: TeamShipper? = nil
        /// Prometheus, for the instances' CPU, memory and p95 (`--metrics`).
        var metrics: PrometheusClient? = nil
        /// The PromQL of the CPU, MEM and P95 columns (flags, environment, front matter, config).
        var metricsQueries = MetricsQueries()
        /// Which Prometheus `instance` label is which server (front matter and config `metrics_instances`).
        var instanceMapping = InstanceLabelMapping()
    }

    let setup: Setup
    let terminal: CursesTerminal

    /// How far past each wall-clock second polls are due (whole-second intervals): as the clock
    /// would tick, so the time read after the poll is in the new second.
    static let pollPhase = 0.001
    /// How far past the second the clock ticks when polls may claim it first (nanoseconds): room
    /// for a poll of a slow balancer; the UTC clock is this late only while polls fail or lag.
    static let tickGrace = 80_000_000

    /// The console's message sources while it runs; stopped together when it ends.
    private struct Sources {
        var watcher: InputWatcher
        var ticker: SecondTicker
        var store: StoreFollower
        var poller: BalancerPoller?
        var alertPoller: AlertPoller?
        var inputTask: Task<Void, Never>
        var teamTask: Task<Void, Never>?
        var metricsTask: Task<Void, Never>?

        func stop() {
            teamTask?.cancel()
            metricsTask?.cancel()
            poller?.stop()
            alertPoller?.stop()
            ticker.stop()
            store.stop()
            inputTask.cancel()
        }
    }

    /// Runs until the responder quits or a signal ends it; returns the exit status.
    func run() async -> Int32 {
        let trace = FrameTrace(environment: ProcessInfo.processInfo.environment)
        trace.record("start")
        let worker = StoreWorker(store: setup.store)
        let (events, sink) = AsyncStream.makeStream(of: RuntimeEvent.self, bufferingPolicy: .unbounded)
        let (state, lastSequence) = await initialState(worker: worker)
        let sources = start(worker: worker, after: lastSequence, sink: sink)
        let interpreter = CommandInterpreter(
            context: CommandInterpreter.Context(
                incidentID: setup.incident.id, outline: state.playbook, me: setup.me, readOnly: setup.readOnly,
                addresses: setup.addresses, followUps: setup.playbook?.followUps.map(\.text) ?? [],
                dataDirectory: setup.dataDirectory, pollInterval: setup.interval, alertClients: setup.alertClients,
                runbookFolders: setup.runbookFolders, instanceMapping: setup.instanceMapping),
            worker: worker, poller: sources.poller, sink: sink)

        let exitStatus = await loop(events, from: state, watcher: sources.watcher, interpreter: interpreter, trace: trace)

        // Orderly end: stop polling, restore the terminal.
        sources.stop()
        interpreter.finish()
        await terminal.close()
        return exitStatus
    }

    /// The state the console opens with: the incident, its playbook and its log so far (and the
    /// last event's sequence, where following the log resumes).
    private func initialState(worker: StoreWorker) async -> (ConsoleState, lastSequence: Int64) {
        let incidentID = setup.incident.id
        var state = ConsoleState(
            incident: IncidentHeader(
                id: incidentID.rawValue, title: setup.incident.title, severity: setup.incident.severity ?? "",
                status: setup.incident.status, startedAt: setup.incident.startedAt.date),
            playbook: setup.playbook.map(PlaybookOutline.init) ?? .empty, me: setup.me, readOnly: setup.readOnly,
            sources: setup.addresses.map { SourceStatus(label: $0.display, state: .connecting) },
            alertSources: setup.alertClients.map { AlertSourceView(source: $0.source, state: .pending, alerts: []) },
            size: await terminal.size(), now: Date())
        state.metrics = ConsoleMetrics(source: setup.metrics?.source, mapping: setup.instanceMapping)
        var lastSequence: Int64 = 0
        do {
            let existing = try await worker.run { try $0.events(of: incidentID) }
            lastSequence = existing.last?.sequence ?? 0
            let marks = (try? await worker.run { try TeamConsoleEvents.marks(of: incidentID, in: $0) }) ?? [:]
            state = ConsoleReducer.reduce(state, .storeEvents(TeamConsoleEvents.consoleEvents(existing, marks: marks))).0
        } catch {
            state = ConsoleReducer.reduce(state, .notice("Cannot read the incident log: \(Self.describe(error))", isError: true)).0
        }
        if let notice = setup.initialNotice {
            state = ConsoleReducer.reduce(state, .notice(notice, isError: false)).0
        }
        return (state, lastSequence)
    }

    /// Starts every source of messages, each on a thread or task of its own (keys on a dedicated
    /// input thread, the clock and each balancer on threads that sleep in the kernel, the store
    /// on its own queue), so a hanging balancer or a locked database never delays a key.
    private func start(worker: StoreWorker, after lastSequence: Int64, sink: AsyncStream<RuntimeEvent>.Continuation) -> Sources {
        // Keys and signals.
        let watcher = InputWatcher()
        let inputTask = Task {
            for await wake in watcher.wakes { sink.yield(.wake(wake)) }
        }

        // The clock, on the second, from a thread of its own (no timer task). With balancers, polls
        // keep step with it and take its second first; it ticks only for seconds they leave.
        let ticker = SecondTicker(lateBy: setup.addresses.isEmpty ? 1_000_000 : Self.tickGrace) { sink.yield(.message(.tick($0))) }

        // Team mode: a new event in the log (written here, or imported) starts a shipping round
        // at once, so what this console writes reaches the others without waiting for the idle one.
        let (teamWakes, teamWake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let store = StoreFollower(
            worker: worker, incidentID: setup.incident.id, after: lastSequence, dataDirectory: setup.dataDirectory, sink: sink,
            newEvents: setup.teamShipper == nil ? nil : teamWake)

        // Balancers: each source polled on a thread of its own, with a timeout; its updates are
        // mapped to rows there and go straight into the event stream.
        var poller: BalancerPoller?
        if !setup.addresses.isEmpty {
            let thresholds = DetectorThresholds()
            let running = BalancerPoller(
                sources: setup.addresses.map { BalancerSources.make($0) }, interval: setup.interval, thresholds: thresholds,
                wallPhase: Self.pollPhase)
            poller = running
            let feed = PollRowsFeed(addresses: setup.addresses, thresholds: thresholds)
            running.start { update in
                let delivery = feed.deliver(update)
                let now = Date()
                sink.yield(.poll(delivery, tick: ticker.claim(now) ? now : nil))
            }
        }
        // Alertmanagers: beside the balancers, each on a task of its own with a timeout.
        var alertPoller: AlertPoller?
        if !setup.alertClients.isEmpty {
            let running = AlertPoller(clients: setup.alertClients, interval: max(2, setup.interval))
            alertPoller = running
            running.start { report in
                let view = AlertSourceView(source: report.source, state: report.state, alerts: report.snapshot?.alerts ?? [])
                sink.yield(.message(.alertsPolled(view, fresh: report.isFresh ? report.snapshot : nil, silences: report.silences)))
            }
        }
        // The team store: rounds in the background, never on the key path; the header shows the status.
        let teamTask = setup.teamShipper.map { shipper in
            Task.detached {
                await shipper.run(
                    wake: teamWakes, sleep: { seconds in try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) },
                    onStatus: { sink.yield(.message(.teamStatus($0))) })
            }
        }
        let metricsTask = setup.metrics.map { MetricsFeed.start(client: $0, queries: setup.metricsQueries, interval: setup.interval, sink: sink) }
        return Sources(watcher: watcher, ticker: ticker, store: store, poller: poller, alertPoller: alertPoller, inputTask: inputTask,
                       teamTask: teamTask, metricsTask: metricsTask)
    }

    /// One event at a time: into messages, through the reducer, its commands to the interpreter,
    /// then a frame if anything shown changed. Returns the exit status.
    private func loop(
        _ events: AsyncStream<RuntimeEvent>, from initial: ConsoleState, watcher: InputWatcher, interpreter: CommandInterpreter,
        trace: FrameTrace
    ) async -> Int32 {
        var state = initial
        var drawn: ConsoleState?
        /// The frame drawn for `drawn`: a tick redraws only the panes that show the time over it.
        var frame = ConsoleRenderer.render(state, size: state.size)
        trace.record("frame \(await terminal.draw(frame))")
        drawn = state
        for await event in events {
            var messages: [ConsoleMessage] = []
            // New table rows: the state changed, so the frame is drawn without comparing states
            // (the comparison would walk all the rows).
            var newRows = false
            switch event {
            case .wake(.input):
                let inputs = await terminal.readInput()
                watcher.drained()
                if trace.isEnabled { trace.record("input \(inputs.count)") }
                for input in inputs {
                    switch input {
                    case .key(let key): messages.append(.key(key))
                    case .resize(let size): messages.append(.resize(size))
                    }
                }
            case .wake(.resize):
                messages.append(.resize(await terminal.refreshSize()))
            case .wake(.stop(let signal)):
                return 128 + signal
            case .message(let message):
                messages.append(message)
            case .poll(let delivery, let tick):
                if trace.isEnabled { trace.record("poll") }
                if let tick {
                    if trace.isEnabled { trace.record("tick") }
                    messages.append(.tick(tick))
                }
                messages += delivery.messages
                newRows = delivery.newRows
            case .redraw:
                await terminal.invalidate()
                drawn = nil
            case .quit:
                return 0
            }
            for message in messages {
                let (next, commands) = ConsoleReducer.reduce(state, message)
                state = next
                for command in commands { interpreter.perform(command, in: state) }
            }
            if newRows || drawn != state {
                if let drawn {
                    // Handed over, not shared: the terminal keeps a copy of its own, so a tick
                    // draws over this frame in place.
                    frame = ConsoleRenderer.render(state, size: state.size, after: drawn, frame: consume frame)
                } else {
                    frame = ConsoleRenderer.render(state, size: state.size)
                }
                let cells = await terminal.draw(frame)
                if trace.isEnabled { trace.record("frame \(cells)") }
                drawn = state
            }
        }
        return 0
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}
