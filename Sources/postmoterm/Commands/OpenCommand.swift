import ArgumentParser
import BalancerAdapters
import Console
import CursesBackend
import Foundation
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
            Opens a new incident from PLAYBOOK (titled after it unless --title is given), or resumes \
            one with --incident ID exactly where it was: step states, roles and the timeline all come \
            from the incident log. Without a playbook the console still keeps a timeline; without \
            --balancer the playbook's default balancer (front matter `balancer:`) is used, if any.

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

    @Option(name: .customLong("incident"), help: ArgumentHelp("Resume this incident instead of opening a new one.", valueName: "id"))
    var incidentID: String?

    @Option(help: ArgumentHelp("Title of the new incident (default: the playbook's title).", valueName: "text"))
    var title: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Your name in the timeline (default: $USER).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("Take this playbook role when the console opens (e.g. ic, ops).", valueName: "role"))
    var role: String?

    @Flag(help: "Watch only: no steps, notes, roles or balancer actions (resumes the newest open incident without --incident).")
    var readOnly = false

    @Option(help: ArgumentHelp("Where the incident log lives (default: $POSTMOTERM_DATA_DIR, $XDG_STATE_HOME/postmoterm, ~/.local/state/postmoterm).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("File with user:password for HTTP balancer sources.", valueName: "file"))
    var authFile: String?

    func validate() throws {
        guard interval > 0, interval <= 3600 else { throw ValidationError("--interval must be between 0 and 3600 seconds") }
        if incidentID != nil, title != nil { throw ValidationError("--incident and --title cannot be used together") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Everything that can fail with a message fails before the terminal changes.
        let me = (name ?? environment["USER"] ?? environment["LOGNAME"] ?? "responder").trimmingCharacters(in: .whitespaces)
        guard !me.isEmpty else { fail("--as needs a name", status: 2) }

        let directory = DataDirectory.resolve(explicit: dataDir, environment: environment)
        let store: SQLiteIncidentStore
        do { store = try SQLiteIncidentStore(directory: directory) } catch { fail(error.description, status: 1) }

        // The incident: resumed, the newest open one (read-only), or new.
        var existing: Incident?
        if let incidentID {
            guard let id = IncidentID(rawValue: incidentID) else { fail("not an incident id: \(TerminalSafe.escape(incidentID))", status: 2) }
            do { existing = try store.incident(id) } catch { fail("\(error)", status: 1) }
        } else if readOnly {
            do { existing = try store.mostRecentOpenIncident() } catch { fail("\(error)", status: 1) }
            if existing == nil { fail("--read-only without --incident needs an open incident, and there is none", status: 1) }
        }

        // The playbook: the argument, else the one the incident was opened with.
        var notice: String?
        var playbook: Playbook?
        let path = playbookPath ?? existing?.playbookPath.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        if let path {
            let result = PlaybookLoader.load(path: path)
            for diagnostic in result.diagnostics { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
            guard let loaded = result.playbook else { fail("cannot load the playbook \(TerminalSafe.escape(path))", status: 1) }
            playbook = loaded
            if let digest = existing?.playbookDigest, digest != loaded.digest {
                notice = "The playbook changed since this incident started; steps keep their ids."
            }
        } else if let recorded = existing?.playbookPath {
            notice = "The incident's playbook \(recorded) is not here; pass it as PLAYBOOK to see the steps."
        }

        // The role to take.
        var roleID: String?
        if let role {
            if let playbook, !playbook.roles.isEmpty {
                guard let found = playbook.roles.first(where: {
                    $0.id.lowercased() == role.lowercased() || $0.name.lowercased() == role.lowercased()
                }) else {
                    fail("no role \(TerminalSafe.escape(role)) in the playbook (roles: \(playbook.roles.map(\.id).joined(separator: ", ")))", status: 2)
                }
                roleID = found.id
            } else {
                roleID = role
            }
        }

        // Balancers: the options, else the playbook's default.
        var addresses: [BalancerAddress] = []
        let texts = balancers.isEmpty ? (playbook?.metadata.balancer.map { [$0] } ?? []) : balancers
        for text in texts {
            do {
                let address = try BalancerAddress.parse(text)
                addresses.append(try BalancerCredentialsResolver.resolve(address, authFile: authFile, environment: environment))
            } catch {
                fail("--balancer \(TerminalSafe.escape(text)): \(error)", status: 2)
            }
        }

        // The terminal (one clear line and exit 2 when there is none).
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(colors: ColorMode.fromEnvironment(environment), environment: environment)
        } catch {
            fail(error.description, status: 2)
        }

        // Now the incident may be created: nothing is left that could refuse to start.
        let incident: Incident
        if let existing {
            incident = existing
        } else {
            do {
                incident = try store.createIncident(IncidentDraft(
                    title: title ?? playbook?.title ?? "Incident", severity: playbook?.metadata.severity,
                    playbookPath: path.map { ($0 as NSString).standardizingPath }, playbookDigest: playbook?.digest,
                    author: Author(name: me, role: roleID)))
            } catch {
                await terminal.close()
                fail("\(error)", status: 1)
            }
        }
        if let roleID, !readOnly {
            let holders = (try? store.events(of: incident.id)) ?? []
            let held = holders.last { ($0.kind == .roleAssigned || $0.kind == .roleReleased) && $0.data["role"] == roleID }
            if !(held?.kind == .roleAssigned && held?.data["holder"] == me) {
                _ = try? store.append(
                    EventDraft(kind: .roleAssigned, text: "\(me) took \(roleID)", author: Author(name: me, role: roleID),
                               data: ["role": roleID, "holder": me]),
                    to: incident.id)
            }
        }

        let runtime = ConsoleRuntime(
            setup: ConsoleRuntime.Setup(
                incident: incident, playbook: playbook, me: me, readOnly: readOnly, addresses: addresses,
                interval: interval, dataDirectory: directory, store: store, initialNotice: notice),
            terminal: terminal)
        let status = await runtime.run()
        if status != 0 {
            FileHandle.standardError.write(Data("postmoterm: ended by signal \(status - 128); resume with: postmoterm open --incident \(incident.id.rawValue)\n".utf8))
            throw ExitCode(status)
        }
        FileHandle.standardOutput.write(Data("Incident \(incident.id.rawValue) — resume with: postmoterm open --incident \(incident.id.rawValue)\n".utf8))
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("postmoterm open: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
