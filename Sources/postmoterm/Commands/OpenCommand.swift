import ArgumentParser
import BalancerAdapters
import Console
import CursesBackend
import Foundation
import MonitoringAdapters
import MarkdownAdapter
import PostmotermCore
import SQLiteStore

/// `postmoterm open`: the console that walks responders through a playbook with live balancer
/// health and the incident's timeline.
struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the incident console: playbook steps, live balancer health, the timeline.",
        discussion: """
            Resumes an incident with --incident ID exactly where it was: step states, roles, the \
            timeline and the balancers it was watched on all come from the incident log. Without \
            --incident it joins the current incident (`postmoterm use`), else the open incident \
            started with PLAYBOOK, else the only open one; when several open incidents could be \
            meant it asks which (or whether to start a new one); with none open it starts a new \
            incident from PLAYBOOK (titled after it unless --title is given). Without a playbook \
            the console still keeps a timeline; without --balancer the incident's balancers, else \
            the playbook's default balancer (front matter `balancer:`) is used, if any.

            Every change is written to the incident log before it is shown as done. Events other \
            processes add (another responder, `postmoterm log`) appear within a second. Press ? in \
            the console for every key.

            Needs an interactive terminal: with standard output piped, or TERM unset or unknown, it \
            prints one line and exits 2.

            Examples:
              postmoterm open playbooks/api-outage-load-balancer.md --balancer /run/haproxy/admin.sock --role ops
              postmoterm open --incident 2026-11-25-api-outage-behind-a-load-balancer
              postmoterm open --incident 2026-11-25-api-outage-behind-a-load-balancer --read-only
            """
    )

    @Argument(help: ArgumentHelp("The playbook (markdown) to follow.", valueName: "playbook"))
    var playbookPath: String?

    @Option(name: .customLong("balancer"), help: ArgumentHelp(
        "A balancer to watch (repeatable): haproxy+unix:///path.sock, a socket path, haproxy+tcp://HOST:PORT, haproxy+http://HOST:PORT/stats, envoy+http://HOST:PORT.",
        valueName: "addr"))
    var balancers: [String] = []

    @Option(help: ArgumentHelp("Seconds between balancer polls.", valueName: "seconds"))
    var interval: Double = 1

    @Option(name: .customLong("incident"), help: ArgumentHelp("Resume this incident (default: the one `postmoterm use` set, the open one started with PLAYBOOK, or the only open one; asks when several could be meant).", valueName: "id"))
    var incidentID: String?

    @Option(help: ArgumentHelp("Title of a new incident (default: the playbook's title); an open incident with this title is joined instead.", valueName: "text"))
    var title: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Your name in the timeline (default: $POSTMOTERM_AUTHOR, $USER, $LOGNAME, else your account's name).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Take this playbook role when the console opens (e.g. ic, ops).", valueName: "role"))
    var role: String?

    @Flag(help: "Watch only: no steps, notes, roles or balancer actions (without --incident: the current incident, else the newest open one).")
    var readOnly = false

    @Option(help: ArgumentHelp("Where the incident log lives (default: $POSTMOTERM_DATA_DIR, $XDG_STATE_HOME/postmoterm, ~/.local/state/postmoterm).", valueName: "dir"))
    var dataDir: String?

    @OptionGroup var team: TeamOptions

    @Option(help: ArgumentHelp(
        "File with user:password for HTTP balancer sources (prefer it to user:password@ in the address, which `ps` shows to every local user).",
        valueName: "file"))
    var authFile: String?

    @OptionGroup var alertSources: AlertSourceOptions

    @Option(name: .customLong("alert"), help: ArgumentHelp(
        "Start or join the incident for this firing alert (its alertname or fingerprint, from --alerts), with its playbook (runbook_url, front matter alerts:, alertname).",
        valueName: "name"))
    var alertName: String?

    @Option(name: .customLong("playbooks"), help: ArgumentHelp(
        "A folder of playbooks an alert's runbook is looked for in (repeatable; then the shipped playbooks/ and $XDG_DATA_HOME/postmoterm/playbooks).",
        valueName: "dir"))
    var playbookFolders: [String] = []

    @Option(help: ArgumentHelp(
        "A Prometheus server (http://HOST:PORT): each instance's CPU %, resident memory and p95 latency in the CPU, MEM and P95 columns (default: $POSTMOTERM_METRICS_URL, else the playbook's front matter metrics:, else metrics: in $XDG_CONFIG_HOME/postmoterm/config.yaml).",
        valueName: "url"))
    var metrics: String?

    @Option(name: .customLong("metrics-cpu"), help: ArgumentHelp(
        "PromQL for the CPU column, % of one core per instance label (default: $POSTMOTERM_METRICS_CPU, else metrics_queries: cpu in the front matter, then the config file, else \(MetricsQueries.defaultCPU)).",
        valueName: "promql"))
    var metricsCPU: String?

    @Option(name: .customLong("metrics-memory"), help: ArgumentHelp(
        "PromQL for the MEM column, bytes per instance label (default: $POSTMOTERM_METRICS_MEMORY, else metrics_queries: memory, else \(MetricsQueries.defaultMemory)).",
        valueName: "promql"))
    var metricsMemory: String?

    @Option(name: .customLong("metrics-p95"), help: ArgumentHelp(
        "PromQL for the P95 column, milliseconds per instance label (default: $POSTMOTERM_METRICS_P95, else metrics_queries: p95, else a histogram_quantile of http_request_duration_seconds).",
        valueName: "promql"))
    var metricsP95: String?

    /// The `--metrics-*` queries given.
    var metricsQueryFlags: [MetricsQueries.Kind: String] {
        var flags: [MetricsQueries.Kind: String] = [:]
        flags[.cpu] = metricsCPU
        flags[.memory] = metricsMemory
        flags[.p95] = metricsP95
        return flags
    }

    func validate() throws {
        guard interval > 0, interval <= 3600 else { throw ValidationError("--interval must be between 0 and 3600 seconds") }
        if incidentID != nil, title != nil { throw ValidationError("--incident and --title cannot be used together") }
        if let metrics {
            do { _ = try PrometheusClient(url: metrics) } catch { throw ValidationError(error.description) }
        }
        for (kind, query) in metricsQueryFlags.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if let problem = MetricsQueries.problem(in: query) { throw ValidationError("--metrics-\(kind.rawValue) is not PromQL: \(problem)") }
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Everything that can fail with a message fails before the terminal changes (but for what
        // depends on the incident picked in the console, when several could be meant).
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { fail("--as needs a name", status: 2) }
        let me = AuthorOptions.responderName(name)

        // No terminal to run in (TERM unset, unknown or dumb, output piped): say so before a data
        // directory, a database or an incident is created.
        do { try CursesTerminal.checkUsable(environment: environment) } catch { fail(error.description, status: 2) }

        let directory = DataDirectory.resolve(explicit: dataDir, environment: environment)
        let store: SQLiteIncidentStore
        // A read-only console only reads (it never creates an incident, takes a lease or records
        // balancers): its log is opened read-only, so another user's log can be watched.
        do {
            store = try readOnly ? SQLiteIncidentStore(readingFrom: directory) : SQLiteIncidentStore(directory: directory)
        } catch { fail(error.description, status: 1) }
        for warning in store.permissionWarnings { Terminal.note(warning) }  // before curses takes the screen
        // Team mode: send and fetch first (bounded), then ship in the background while the console runs.
        if let connection = team.connection, !readOnly { TeamSession.begin(log: store, connection: connection) }

        // `--alert`: the alert's playbook (unless one is given) and, without one, its name as title.
        var chosenPath = playbookPath
        var alertTitle: String?
        if let alertName {
            let clients: [AlertmanagerClient]
            do { clients = try alertSources.clients() } catch { fail("\(error)", status: 2) }
            switch await AlertOpening.pick(alertName, clients: clients,
                                           folders: RunbookCatalog.folders(given: playbookFolders, shipped: ShippedPlaybooks.folder())) {
            case .failure(let refusal): fail(refusal.message, status: 2)
            case .success(let picked):
                Terminal.note(picked.note)
                chosenPath = chosenPath ?? picked.playbookPath
                if chosenPath == nil { alertTitle = picked.alert.name }
            }
        }
        let title = self.title ?? alertTitle

        // The playbook given, loaded first: it tells which open incident is meant.
        let located = chosenPath.map { PlaybookArgument.locate($0) }
        if let note = located?.note { Terminal.note(note) }
        let givenPath = located?.path
        let given = givenPath.map(loadPlaybook)

        // The incident: named, the one `IncidentChoice` picks, a question in the console, or new.
        var existing: Incident?
        var joinedNotice: String?
        var question: [Incident] = []
        if let incidentID {
            guard IncidentID(rawValue: incidentID) != nil else { fail("not an incident id: \(TerminalSafe.escape(incidentID))", status: 2) }
            do { existing = try IncidentSelection.incident(named: incidentID, in: store) } catch { fail("\(error)", status: 1) }
        } else {
            let open: [Incident]
            let current: Incident?
            do {
                // Matched by the playbook each uses now (a choice made with `o` on an alert counts).
                open = try store.summaries().map(\.incident).filter(\.isOpen).map { incident in
                    var matched = incident
                    matched.playbookPath = IncidentPlaybook.current(of: incident, events: try store.events(of: incident.id))?.path
                    return matched
                }
                current = try CurrentIncident.read(store)
            } catch { fail("\(error)", status: 1) }
            let choice = IncidentChoice.make(open: open, current: current, playbookPath: readOnly ? nil : givenPath, title: title)
            switch choice {
            case .chosen(let incident, _):
                existing = incident
                joinedNotice = "Joined the open incident \(incident.id.rawValue)."
                if let line = choice.announcement(openCount: open.count) { Terminal.note(line) }
            case .ambiguous(let candidates) where readOnly:
                existing = candidates.first
                if let line = choice.announcement(openCount: open.count) { Terminal.note(line) }
            case .ambiguous(let candidates):
                question = candidates
            case .none:
                if readOnly { fail("--read-only without --incident needs an open incident, and there is none", status: 1) }
            }
        }

        // Settled now unless the console has to ask; then after the answer.
        var prepared: Prepared?
        if question.isEmpty {
            do { prepared = try prepare(existing: existing, given: given, store: store, environment: environment) } catch {
                fail(error.description, status: error.status)
            }
        }

        // The terminal (one clear line and exit 2 when there is none).
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colors: ColorMode.fromEnvironment(environment), environment: environment)
        } catch {
            fail(error.description, status: 2)
        }

        if !question.isEmpty {
            let picker = IncidentPicker(
                rows: question.map { incident in
                    IncidentPickerRow(
                        id: incident.id.rawValue, title: incident.title, status: incident.status, startedAt: incident.startedAt.date,
                        playbook: incident.playbookPath.map { ($0 as NSString).lastPathComponent })
                },
                newTitle: title ?? given?.title ?? "Incident",
                reason: "\(question.count) open incidents could be meant; `postmoterm use ID` or --incident ID skips this question.",
                size: await terminal.size())
            switch await IncidentPickerRuntime.run(picker, terminal: terminal) {
            case .chose(.join(let id)):
                existing = question.first { $0.id.rawValue == id }
                joinedNotice = "Joined the open incident \(id)."
            case .chose(.startNew):
                existing = nil
            case .chose(.cancel):
                await terminal.close()
                FileHandle.standardError.write(Data("postmoterm open: nothing opened\n".utf8))
                throw ExitCode(1)
            case .signal(let signal):
                await terminal.close()
                throw ExitCode(128 + signal)
            }
            do { prepared = try prepare(existing: existing, given: given, store: store, environment: environment) } catch {
                await terminal.close()
                fail(error.description, status: error.status)
            }
        }
        guard let prepared else { fail("nothing to open", status: 1) }
        let playbook = prepared.playbook

        // Now the incident may be created: nothing is left that could refuse to start.
        let incident: Incident
        if let existing {
            incident = existing
        } else {
            do {
                incident = try store.createIncident(IncidentDraft(
                    title: title ?? playbook?.title ?? "Incident", severity: IncidentDraft.severity(given: nil, playbook: playbook),
                    playbookPath: prepared.playbookPath, playbookDigest: PlaybookDigest.stored(playbook),
                    author: Author(name: me, role: prepared.roleID)))
                if let session = TeamSession.active { try session.log.share(incident.id) }
            } catch {
                await terminal.close()
                fail("\(error)", status: 1)
            }
        }
        if !readOnly {
            // Remembered for `open --incident` (addresses only, never credentials). A socket file
            // that does not exist (a mistyped path) is watched, but not remembered: every later
            // `open --incident` would reconnect to it and log it unreachable.
            let remembered = prepared.addresses.filter { address in
                guard case .haproxyUnix(let path) = address.endpoint else { return true }
                return FileManager.default.fileExists(atPath: path)
            }
            try? store.recordBalancers(remembered, of: incident.id)
        }
        if let roleID = prepared.roleID, !readOnly {
            let holders = (try? store.events(of: incident.id)) ?? []
            let held = holders.last { ($0.kind == .roleAssigned || $0.kind == .roleReleased) && $0.data["role"] == roleID }
            if !(held?.kind == .roleAssigned && held?.data["holder"] == me) {
                _ = try? store.append(
                    EventDraft(kind: .roleAssigned, text: "\(me) took \(roleID)", author: Author(name: me, role: roleID),
                               data: ["role": roleID, "holder": me]),
                    to: incident.id)
            }
        }

        var alertNotice: String?
        let alertClients: [AlertmanagerClient]
        do { alertClients = try alertSources.clients(frontMatter: playbook?.metadata.alertmanager) } catch {
            alertClients = []
            alertNotice = "Alerts not watched: \(error)"
        }
        // Prometheus: --metrics, $POSTMOTERM_METRICS_URL, front matter, config file.
        var metricsNotice: String?
        var metricsClient: PrometheusClient?
        let configuration = ConfigFileSettings.current
        if let url = configuration.metrics(flag: metrics, environment: environment, frontMatter: playbook?.metadata.metrics) {
            do { metricsClient = try PrometheusClient(url: url) } catch { metricsNotice = "Metrics not read: \(error.description)" }
        }
        let notices = [joinedNotice, prepared.notice, alertNotice, metricsNotice].compactMap { $0 }
        let runtime = ConsoleRuntime(
            setup: ConsoleRuntime.Setup(
                incident: incident, playbook: playbook, me: me, readOnly: readOnly, addresses: prepared.addresses,
                interval: interval, dataDirectory: directory,
                store: TeamSession.active.map { TeamRecordingLeases(local: store, team: $0.store) as any IncidentStore } ?? store,
                initialNotice: notices.isEmpty ? nil : notices.joined(separator: " "),
                alertClients: alertClients,
                runbookFolders: RunbookCatalog.folders(given: playbookFolders, shipped: ShippedPlaybooks.folder()),
                teamShipper: TeamSession.active?.shipper,
                metrics: metricsClient,
                metricsQueries: configuration.metricsQueries(
                    flags: metricsQueryFlags, environment: environment, frontMatter: playbook?.metadata.metricsQueries ?? [:]),
                instanceMapping: configuration.instanceMapping(frontMatter: playbook?.metadata.metricsInstances ?? [:])),
            terminal: terminal)
        let status = await runtime.run()
        if status != 0 {
            FileHandle.standardError.write(Data("postmoterm: ended by signal \(status - 128); resume with: postmoterm open --incident \(incident.id.rawValue)\n".utf8))
            throw ExitCode(status)
        }
        FileHandle.standardOutput.write(Data("Incident \(incident.id.rawValue) — resume with: postmoterm open --incident \(incident.id.rawValue)\n".utf8))
    }

    /// What the console opens with, once the incident is known.
    private struct Prepared {
        var playbook: Playbook?
        /// The playbook's absolute path, for a new incident.
        var playbookPath: String?
        var roleID: String?
        var addresses: [BalancerAddress]
        var notice: String?
    }

    /// Why the console cannot open, before or after the terminal was taken.
    private struct Refusal: Error {
        var description: String
        var status: Int32
    }

    /// The playbook at `path`, or the process ends with a clear error (diagnostics on stderr).
    private func loadPlaybook(_ path: String) -> Playbook {
        let result = PlaybookLoader.load(path: path)
        for diagnostic in result.diagnostics { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
        guard let loaded = result.playbook else { fail("cannot load the playbook \(TerminalSafe.escape(path))", status: 1) }
        return loaded
    }

    /// The playbook (given, else the incident's own), the role and the balancers (given, else
    /// those the incident was watched on, else the playbook's default).
    private func prepare(
        existing: Incident?, given: Playbook?, store: SQLiteIncidentStore, environment: [String: String]
    ) throws(Refusal) -> Prepared {
        var notice: String?
        var playbook = given
        var path = playbookPath.map { PlaybookArgument.locate($0).path }
        // The incident's playbook now: the one it started with, or the one chosen since (`o` on an alert).
        let current = existing.flatMap { incident in IncidentPlaybook.current(of: incident, events: (try? store.events(of: incident.id)) ?? []) }
        if playbook == nil, let recorded = current?.path {
            if FileManager.default.fileExists(atPath: recorded) {
                let result = PlaybookLoader.load(path: recorded)
                playbook = result.playbook
                path = recorded
                if playbook == nil { notice = "The incident's playbook \(recorded) cannot be read; pass it as PLAYBOOK to see the steps." }
            } else {
                notice = "The incident's playbook \(recorded) is not here; pass it as PLAYBOOK to see the steps."
            }
        }
        if let playbook, PlaybookDigest.changed(stored: current?.digest, current: playbook) {
            notice = "The playbook changed since this incident started; steps keep their ids."
        }

        // The role to take.
        var roleID: String?
        if let role {
            if let playbook, !playbook.roles.isEmpty {
                guard let found = playbook.roles.first(where: {
                    $0.id.lowercased() == role.lowercased() || $0.name.lowercased() == role.lowercased()
                }) else {
                    throw Refusal(
                        description: "no role \(TerminalSafe.escape(role)) in the playbook (roles: \(playbook.roles.map(\.id).joined(separator: ", ")))",
                        status: 2)
                }
                roleID = found.id
            } else {
                roleID = role
            }
        }

        // Balancers: the options, else those the incident was watched on, else the playbook's default.
        var parsed: [(text: String, address: BalancerAddress)] = []
        for text in balancers {
            do { parsed.append((text, try BalancerAddress.parse(text))) } catch {
                throw Refusal(description: "--balancer \(TerminalSafe.escape(text)): \(error)", status: 2)
            }
        }
        if parsed.isEmpty, let existing {
            do {
                parsed = try store.balancers(of: existing.id).map { ($0.recorded, $0) }
            } catch {
                throw Refusal(description: "\(error)", status: 1)
            }
        }
        if parsed.isEmpty, let fallback = playbook?.metadata.balancer {
            do { parsed.append((fallback, try BalancerAddress.parse(fallback))) } catch {
                throw Refusal(description: "the playbook's balancer \(TerminalSafe.escape(fallback)): \(error)", status: 2)
            }
        }
        var addresses: [BalancerAddress] = []
        for (text, address) in parsed {
            do {
                addresses.append(try BalancerCredentialsResolver.resolve(address, authFile: authFile, environment: environment))
            } catch {
                throw Refusal(description: "--balancer \(TerminalSafe.escape(text)): \(error)", status: 2)
            }
        }
        return Prepared(
            playbook: playbook, playbookPath: playbook == nil ? nil : path, roleID: roleID, addresses: addresses, notice: notice)
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("postmoterm open: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
