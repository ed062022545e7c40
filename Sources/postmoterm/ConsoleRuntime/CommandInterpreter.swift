import BalancerAdapters
import Console
import Foundation
import MarkdownAdapter
import MonitoringAdapters
import PostmotermCore

/// The one place the console's effects happen: every ``ConsoleCommand`` the reducer returns is
/// executed here, and its outcome goes back to the loop as a message (``RuntimeEvent``).
///
/// Commands that write the store (``ConsoleCommand/append(token:draft:)``,
/// ``ConsoleCommand/recordPoll(_:)``, ``ConsoleCommand/export``) run one after another in the
/// order asked; a balancer action runs on its own (a slow balancer never holds up the log), then
/// has its event appended and the balancers polled again.
///
/// Balancer polls are recorded through ``BalancerRecording``: only while this console holds a
/// balancer's recording lease for the incident do its findings and counters go into the log.
final class CommandInterpreter: Sendable {
    /// What the commands act on, fixed for the console's life.
    struct Context: Sendable {
        var incidentID: IncidentID
        var outline: PlaybookOutline
        var me: String
        var readOnly: Bool
        var addresses: [BalancerAddress]
        var followUps: [String]
        var dataDirectory: String
        /// Seconds between polls (the recording lease lasts a few of them).
        var pollInterval: Double
        /// The Alertmanagers watched (``AlertmanagerClient/source`` is their masked URL).
        var alertClients: [AlertmanagerClient] = []
        /// The folders an alert's playbook is looked for in (``RunbookCatalog/folders(given:shipped:environment:)``).
        var runbookFolders: [String] = []
        /// Which Prometheus `instance` label is which server (``InstanceLabelMapping``).
        var instanceMapping = InstanceLabelMapping()
    }

    private let context: Context
    private let worker: StoreWorker
    private let sink: AsyncStream<RuntimeEvent>.Continuation
    /// Polled again after an action succeeded (nil without balancers).
    private let poller: BalancerPoller?
    private let storeCommands: AsyncStream<ConsoleCommand>.Continuation

    init(context: Context, worker: StoreWorker, poller: BalancerPoller?, sink: AsyncStream<RuntimeEvent>.Continuation) {
        self.context = context
        self.worker = worker
        self.poller = poller
        self.sink = sink
        let (commands, storeCommands) = AsyncStream.makeStream(of: ConsoleCommand.self, bufferingPolicy: .unbounded)
        self.storeCommands = storeCommands
        Task {
            var recording = BalancerRecording(
                incident: context.incidentID,
                holder: RecordingLease.newHolderID(host: ProcessInfo.processInfo.hostName, pid: getpid()),
                leaseMilliseconds: RecordingLease.milliseconds(pollInterval: context.pollInterval))
            /// Whether each balancer is recorded here, as last told to the console.
            var shown: [String: Bool] = [:]
            var alertRecording = AlertRecording(
                incident: context.incidentID, holder: recording.holder, leaseMilliseconds: recording.leaseMilliseconds)
            /// The outline step events take their text from: switched by `o` on an alert.
            var current = context
            for await command in commands {
                if case .usePlaybook(let outline) = command {
                    current.outline = outline
                    continue
                }
                if case .recordAlerts(let snapshot, let silences) = command {
                    if let message = await Self.recordAlerts(snapshot, silences: silences, worker: worker, recording: &alertRecording) {
                        sink.yield(.message(message))
                    }
                    continue
                }
                for message in await Self.write(command, context: current, worker: worker, recording: &recording, shown: &shown) {
                    sink.yield(.message(message))
                }
            }
            let alertsEnding = alertRecording
            _ = try? await worker.run { store in
                var recording = alertsEnding
                if let leases = store as? any RecordingLeases { recording.finish(leases: leases) }
            }
            // The last counters, and the leases given up: another console takes over at once.
            let ending = recording
            _ = try? await worker.run { store in
                var recording = ending
                guard let leases = store as? any RecordingLeases else { return }
                let history = recording.flushHistory()
                let last = recording.finish(leases: leases)
                if !context.readOnly, !last.isEmpty {
                    _ = try store.append(contentsOf: last.map(\.eventDraft), to: context.incidentID)
                }
                if !context.readOnly { try Self.appendHistory(history, store: store, incident: context.incidentID) }
            }
        }
    }

    /// Executes `command`, asked for in `state` (whose roles sign a balancer action).
    func perform(_ command: ConsoleCommand, in state: ConsoleState) {
        switch command {
        case .append, .recordPoll, .export, .recordAlerts, .usePlaybook:
            storeCommands.yield(command)
        case .silenceAlert(let order, let author):
            let (context, worker, sink) = (context, worker, sink)
            Task {
                let result = await AlertActions.silence(order, author: author, clients: context.alertClients,
                                                        incident: context.incidentID, readOnly: context.readOnly, worker: worker)
                sink.yield(.message(.commandResult(result)))
            }
        case .openRunbook(let alert):
            let folders = context.runbookFolders
            Task { sink.yield(.message(AlertActions.loadPlaybook(for: alert, folders: folders))) }
        case .balancerAction(let request):
            let author = Author(name: context.me, role: state.myRoles.first)
            let (context, worker, sink, poller) = (context, worker, sink, poller)
            Task {
                let result = await Self.act(request, addresses: context.addresses, author: author, readOnly: context.readOnly)
                if let draft = result.draft {
                    _ = try? await worker.run { try $0.append(draft, to: context.incidentID) }
                }
                sink.yield(.message(.commandResult(.actionFinished(request, succeeded: result.succeeded, message: result.message))))
                if result.succeeded { poller?.pollNow() }
            }
        case .runtimeCommand(let request):
            let author = Author(name: context.me, role: state.myRoles.first)
            let (context, worker, sink, poller) = (context, worker, sink, poller)
            Task {
                let result = await RuntimeCommandEffect.run(
                    request, addresses: context.addresses, author: author, readOnly: context.readOnly)
                if let draft = result.draft {
                    _ = try? await worker.run { try $0.append(draft, to: context.incidentID) }
                }
                sink.yield(.message(.commandResult(.runtimeAnswer(request, succeeded: result.succeeded, answer: result.answer))))
                if request.changesState, result.succeeded { poller?.pollNow() }
            }
        case .redraw:
            sink.yield(.redraw)
        case .quit:
            sink.yield(.quit)
        }
    }

    /// No more commands; those already asked for still run.
    func finish() {
        storeCommands.finish()
    }

    /// One store command; the message that reports how it went (nil: nothing to report).
    private static func write(
        _ command: ConsoleCommand, context: Context, worker: StoreWorker, recording: inout BalancerRecording,
        shown: inout [String: Bool]
    ) async -> [ConsoleMessage] {
        let incidentID = context.incidentID
        switch command {
        case .append(let token, let draft):
            let eventDraft = EventMapping.eventDraft(draft, playbook: context.outline)
            do {
                let event = try await worker.run { try $0.append(eventDraft, to: incidentID) }
                return [.commandResult(.stored(token: token, entries: [EventMapping.consoleEvent(event)]))]
            } catch {
                return [.commandResult(.storeFailed(token: token, message: ConsoleRuntime.describe(error)))]
            }
        case .recordPoll(let poll):
            let current = recording
            do {
                let (updated, failure) = try await worker.run { store -> (BalancerRecording, String?) in
                    var recording = current
                    guard let leases = store as? any RecordingLeases else {
                        _ = try store.append(contentsOf: poll.findings.map(\.eventDraft), to: incidentID)
                        return (recording, nil)
                    }
                    let outcome = recording.poll(
                        source: poll.source, snapshot: poll.snapshot, findings: poll.findings, at: poll.at,
                        sampleTime: poll.at, metrics: Self.metrics(of: poll, mapping: context.instanceMapping), leases: leases)
                    let drafts = outcome.findings.map(\.eventDraft) + outcome.samples.map(\.eventDraft)
                    if !drafts.isEmpty { _ = try store.append(contentsOf: drafts, to: incidentID) }
                    try Self.appendHistory(outcome.history, store: store, incident: incidentID)
                    return (recording, outcome.failure)
                }
                recording = updated
                var messages: [ConsoleMessage] = []
                let isRecording = updated.recording.contains(poll.source)
                if shown[poll.source] != isRecording {
                    shown[poll.source] = isRecording
                    messages.append(.recording(source: poll.source, isRecording: isRecording))
                }
                if let failure { messages.append(.notice("Balancer \(poll.source) not recorded: \(failure)", isError: true)) }
                return messages
            } catch {
                return [.notice("Balancer findings not saved: \(ConsoleRuntime.describe(error))", isError: true)]
            }
        case .export:
            // The balancer's latest counters first: the draft's requests and 5xx run up to now.
            let latest = recording.flushCounters().map(\.eventDraft)
            let history = recording.flushHistory()
            if !latest.isEmpty || !history.isEmpty, !context.readOnly {
                _ = try? await worker.run { store in
                    if !latest.isEmpty { _ = try store.append(contentsOf: latest, to: incidentID) }
                    try Self.appendHistory(history, store: store, incident: incidentID)
                }
            }
            do {
                let written = try await worker.run { store in
                    try PostmortemFile.export(
                        incident: incidentID, store: store, followUps: context.followUps, dataDirectory: context.dataDirectory,
                        author: context.readOnly ? nil : Author(name: context.me))
                }
                return [.commandResult(
                    written.kept.map { .exportedBeside(path: written.path, kept: $0) } ?? .exported(path: written.path))]
            } catch {
                return [.commandResult(.exportFailed(message: ConsoleRuntime.describe(error)))]
            }
        case .balancerAction, .runtimeCommand, .redraw, .quit, .recordAlerts, .silenceAlert, .openRunbook, .usePlaybook:
            return []
        }
    }

    /// Records one Alertmanager answer (``AlertRecording``); a failure as a notice.
    private static func recordAlerts(
        _ snapshot: AlertSnapshot, silences: [AlertSilence], worker: StoreWorker, recording: inout AlertRecording
    ) async -> ConsoleMessage? {
        let current = recording
        do {
            recording = try await worker.run { store in
                var updated = current
                _ = try updated.record(snapshot, silences: silences, in: store)
                return updated
            }
            return nil
        } catch {
            return .notice("Alerts of \(snapshot.source) not saved: \(ConsoleRuntime.describe(error))", isError: true)
        }
    }

    /// The poll's process metrics by `pool/instance` (servers matched by `mapping`).
    private static func metrics(of poll: BalancerPoll, mapping: InstanceLabelMapping) -> [String: InstanceMetrics] {
        guard !poll.metricsByLabel.isEmpty, let snapshot = poll.snapshot else { return [:] }
        let instances = snapshot.pools.flatMap { pool in pool.instances.map { (pool: pool.name, name: $0.name, address: $0.address) } }
        return mapping.metrics(of: instances, byLabel: poll.metricsByLabel)
    }

    /// Records per-instance history buckets, where the store keeps them.
    private static func appendHistory(_ buckets: [CounterHistoryBucket], store: any IncidentStore, incident: IncidentID) throws {
        guard !buckets.isEmpty, let store = store as? any CounterHistoryStore else { return }
        try store.appendHistory(buckets, to: incident)
    }

    /// Checks and sends one balancer action; the event records it whatever the outcome.
    private static func act(
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
}
