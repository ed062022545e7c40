import BalancerAdapters
import Console
import CursesBackend
import Foundation
import PostmotermCore
import SQLiteStore

/// Runs the console: feeds keys, clock ticks, balancer polls and store changes to the reducer as
/// messages, executes the commands it returns, and draws each new state through the backend.
///
/// Every source of messages has its own thread or task (keys on a dedicated input thread, the
/// clock and each balancer on threads of their own that sleep in the kernel, the store on its
/// own queue), so a hanging balancer or a locked database never delays a key.
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
    }

    private enum RuntimeEvent: Sendable {
        case wake(InputWatcher.Wake)
        case message(ConsoleMessage)
        /// A poll, mapped on its thread; `tick`: the clock's second it also shows (it claimed the
        /// second, see ``SecondTicker/claim(_:)``), so the poll and the clock are one wake-up and
        /// one frame.
        case poll(PollRowsFeed.Delivery, tick: Date?)
        case redraw
        case quit
    }

    let setup: Setup
    let terminal: CursesTerminal

    /// How often the store's change marker is checked where inotify is not available (other
    /// processes' events show within this).
    static let storePollInterval: Duration = .milliseconds(250)
    /// With inotify: how often the log's files are compared anyway (`stat`), in case the kernel
    /// dropped an event.
    static let storeSafetyPollSeconds = 5.0

    /// How far past each wall-clock second polls are due (whole-second intervals): as the clock
    /// would tick, so the time read after the poll is in the new second.
    static let pollPhase = 0.001
    /// How far past the second the clock ticks when polls may claim it first (nanoseconds): room
    /// for a poll of a slow balancer; the UTC clock is this late only while polls fail or lag.
    static let tickGrace = 80_000_000

    /// Gives unused code pages back off the main loop (reading `smaps` takes a few ms).
    private static func releasePages(trace: FrameTrace) {
        Task.detached(priority: .utility) {
            let release = ResidentPages.releaseUnusedPages()
            if trace.isEnabled { trace.record("released \(release.releasedKiB) KiB in \(release.mappings) mappings") }
        }
    }

    /// Runs until the responder quits or a signal ends it; returns the exit status.
    func run() async -> Int32 {
        let trace = FrameTrace(environment: ProcessInfo.processInfo.environment)
        trace.record("start")
        let worker = StoreWorker(store: setup.store)
        let outline = setup.playbook.map(PlaybookOutline.init) ?? .empty
        let incidentID = setup.incident.id
        let me = setup.me
        let readOnly = setup.readOnly
        let thresholds = DetectorThresholds()
        let now = Date()
        var state = ConsoleState(
            incident: IncidentHeader(
                id: incidentID.rawValue, title: setup.incident.title, severity: setup.incident.severity ?? "",
                status: setup.incident.status, startedAt: setup.incident.startedAt.date),
            playbook: outline, me: me, readOnly: readOnly,
            sources: setup.addresses.map { SourceStatus(label: $0.display, state: .connecting) },
            size: await terminal.size(), now: now)

        let (events, sink) = AsyncStream.makeStream(of: RuntimeEvent.self, bufferingPolicy: .unbounded)
        let (commands, commandSink) = AsyncStream.makeStream(of: ConsoleCommand.self, bufferingPolicy: .unbounded)
        var tasks: [Task<Void, Never>] = []

        // The log so far (resume exactly where it was).
        var lastSequence: Int64 = 0
        do {
            let existing = try await worker.run { try $0.events(of: incidentID) }
            lastSequence = existing.last?.sequence ?? 0
            state = ConsoleReducer.reduce(state, .storeEvents(existing.map(EventMapping.consoleEvent))).0
        } catch {
            state = ConsoleReducer.reduce(state, .notice("Cannot read the incident log: \(Self.describe(error))", isError: true)).0
        }
        if let notice = setup.initialNotice {
            state = ConsoleReducer.reduce(state, .notice(notice, isError: false)).0
        }

        // Keys and signals.
        let watcher = InputWatcher()
        tasks.append(Task {
            for await wake in watcher.wakes { sink.yield(.wake(wake)) }
        })

        // The clock, on the second, from a thread of its own (no timer task). With balancers, polls
        // keep step with it and take its second first; it ticks only for seconds they leave.
        let ticker = SecondTicker(lateBy: setup.addresses.isEmpty ? 1_000_000 : Self.tickGrace) { sink.yield(.message(.tick($0))) }

        // Other processes' events: the kernel says when the log's files change (inotify; a slow
        // safety poll besides, and a fast poll where inotify is refused), then a cheap revision
        // check, then only the new events. An idle console asks SQLite nothing.
        let (storeWakes, storeWake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let changeWatcher = StoreChangeWatcher(directory: setup.dataDirectory)
        if let changeWatcher {
            Thread.detachNewThread {
                while !changeWatcher.isClosed {
                    let reported = changeWatcher.wait(timeout: Self.storeSafetyPollSeconds)
                    if changeWatcher.isClosed { break }
                    // The safety check asks `stat`, not SQLite: an idle console runs no store code.
                    if changeWatcher.filesChanged() || reported { storeWake.yield() }
                }
                storeWake.finish()
            }
        } else {
            tasks.append(Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.storePollInterval)
                    storeWake.yield()
                }
            })
        }
        tasks.append(Task {
            var seen = lastSequence
            var revision = try? await worker.run { try $0.revision() }
            for await _ in storeWakes {
                guard let current = try? await worker.run({ try $0.revision() }), current != revision else { continue }
                revision = current
                let after = seen
                guard let new = try? await worker.run({ try $0.events(of: incidentID, after: after, limit: nil) }),
                    !new.isEmpty
                else { continue }
                seen = new.last?.sequence ?? seen
                sink.yield(.message(.storeEvents(new.map(EventMapping.consoleEvent))))
            }
        })

        // Balancers: each source polled on a thread of its own, with a timeout; its updates are
        // mapped to rows there and go straight into the event stream.
        var polls: BalancerPollThreads?
        if !setup.addresses.isEmpty {
            let running = BalancerPollThreads(
                sources: setup.addresses.map { BalancerSources.make($0) }, interval: setup.interval, thresholds: thresholds,
                wallPhase: Self.pollPhase)
            polls = running
            let feed = PollRowsFeed(addresses: setup.addresses, thresholds: thresholds)
            running.start { update in
                let delivery = feed.deliver(update)
                let now = Date()
                sink.yield(.poll(delivery, tick: ticker.claim(now) ? now : nil))
            }
        }

        // Effects that touch the store run one after another, in the order asked.
        let followUps = setup.playbook?.followUps.map(\.text) ?? []
        let dataDirectory = setup.dataDirectory
        tasks.append(Task {
            for await command in commands {
                switch command {
                case .append(let token, let draft):
                    let eventDraft = EventMapping.eventDraft(draft, playbook: outline)
                    do {
                        let event = try await worker.run { try $0.append(eventDraft, to: incidentID) }
                        sink.yield(.message(.commandResult(.stored(token: token, entries: [EventMapping.consoleEvent(event)]))))
                    } catch {
                        sink.yield(.message(.commandResult(.storeFailed(token: token, message: Self.describe(error)))))
                    }
                case .export:
                    do {
                        let written = try await worker.run { store in
                            try PostmortemFile.export(
                                incident: incidentID, store: store, followUps: followUps, dataDirectory: dataDirectory,
                                author: readOnly ? nil : Author(name: me))
                        }
                        let result: CommandResult =
                            written.kept.map { .exportedBeside(path: written.path, kept: $0) } ?? .exported(path: written.path)
                        sink.yield(.message(.commandResult(result)))
                    } catch {
                        sink.yield(.message(.commandResult(.exportFailed(message: Self.describe(error)))))
                    }
                default:
                    break
                }
            }
        })

        // Pages only start-up (and, later, keys) needed go back to the page cache once they are
        // no longer in use: see PageReleasePolicy and ResidentPages.
        var pagePolicy = PageReleasePolicy(start: ProcessInfo.processInfo.systemUptime)

        // The loop: one message at a time through the reducer, then draw if anything changed.
        var exitStatus: Int32 = 0
        var drawn: ConsoleState?
        /// The frame drawn for `drawn`: a tick redraws only the panes that show the time over it.
        var frame = ConsoleRenderer.render(state, size: state.size)
        trace.record("frame \(await terminal.draw(frame))")
        drawn = state
        loop: for await event in events {
            var messages: [ConsoleMessage] = []
            // New table rows: the state changed, so the frame is drawn without comparing states
            // (the comparison would walk all the rows).
            var newRows = false
            switch event {
            case .wake(.input):
                pagePolicy.input(at: ProcessInfo.processInfo.systemUptime)
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
                exitStatus = 128 + signal
                break loop
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
                if !readOnly, !delivery.findings.isEmpty {
                    let drafts = delivery.findings.map(\.eventDraft)
                    Task {
                        do {
                            _ = try await worker.run { try $0.append(contentsOf: drafts, to: incidentID) }
                        } catch {
                            sink.yield(.message(.notice("Balancer findings not saved: \(Self.describe(error))", isError: true)))
                        }
                    }
                }
            case .redraw:
                await terminal.invalidate()
                drawn = nil
            case .quit:
                break loop
            }
            for message in messages {
                // Ticks, from the clock or with a poll, are when pages go back (see PageReleasePolicy).
                if case .tick = message, pagePolicy.shouldRelease(at: ProcessInfo.processInfo.systemUptime) {
                    Self.releasePages(trace: trace)
                }
                let (next, effects) = ConsoleReducer.reduce(state, message)
                state = next
                for effect in effects {
                    switch effect {
                    case .append, .export:
                        commandSink.yield(effect)
                    case .balancerAction(let request):
                        let author = Author(name: me, role: state.myRoles.first)
                        let addresses = setup.addresses
                        let pollsForAction = polls
                        Task {
                            let result = await Self.perform(request, addresses: addresses, author: author, readOnly: readOnly)
                            if let draft = result.draft {
                                _ = try? await worker.run { try $0.append(draft, to: incidentID) }
                            }
                            sink.yield(.message(.commandResult(.actionFinished(request, succeeded: result.succeeded, message: result.message))))
                            if result.succeeded { pollsForAction?.pollNow() }
                        }
                    case .redraw:
                        sink.yield(.redraw)
                    case .quit:
                        sink.yield(.quit)
                    }
                }
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

        // Orderly end: stop polling, restore the terminal.
        polls?.stop()
        ticker.stop()
        changeWatcher?.close()
        commandSink.finish()
        for task in tasks { task.cancel() }
        await terminal.close()
        return exitStatus
    }

    /// Checks and sends one balancer action; the event records it whatever the outcome.
    private static func perform(
        _ request: InstanceActionRequest, addresses: [BalancerAddress], author: Author, readOnly: Bool
    ) async -> (succeeded: Bool, message: String, draft: EventDraft?) {
        guard let address = addresses.first(where: { $0.display == request.source }) else {
            return (false, "unknown balancer \(request.source)", nil)
        }
        let checked: BalancerActionRequest
        do {
            checked = try BalancerActionRequest(
                action: request.action, source: address, pool: request.pool, instance: request.instance,
                author: author, readOnly: readOnly)
        } catch {
            return (false, error.description, nil)
        }
        guard let client = HAProxyRuntimeClient(address: address) else {
            return (false, "\(address.display) cannot act", nil)
        }
        let result: BalancerActionResult
        do {
            let answer = try await client.send(command: checked.command)
            result = BalancerActionResult(request: checked, haproxyAnswer: answer, at: Timestamp(Date()))
        } catch {
            result = BalancerActionResult(
                request: checked, outcome: .unreachable, answer: TerminalSafe.escape("\(error)"), at: Timestamp(Date()))
        }
        return (result.succeeded, result.message, result.eventDraft)
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}
