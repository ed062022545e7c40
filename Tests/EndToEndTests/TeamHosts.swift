import Foundation
import PostmotermCore
import PostmotermTestSupport
import SQLiteStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One private PostgreSQL cluster for a whole suite of the team tests (issue 15): made before
/// the suite's first test, shut down after its last (also when one fails). Each test gets a
/// database of its own in it (``TeamLab``), so tests share the cluster's start-up, not data.
struct TeamClusterScope: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    /// The cluster of the suite running now (nil outside a suite with this trait).
    @TaskLocal static var current: PostgresCluster?

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await PostgresCluster.with { cluster in
            try await Self.$current.withValue(cluster) { try await function() }
        }
    }
}

extension Trait where Self == TeamClusterScope {
    /// A private PostgreSQL cluster shared by the suite's tests (see ``TeamClusterScope``).
    static var teamCluster: Self { TeamClusterScope() }
}

/// Several "hosts" sharing one team store, for one test: a database of its own on the suite's
/// cluster, and a folder holding each host's home, config and data directory. Hosts run the
/// real `postmoterm` binary; they share nothing but the team store's URL. ``remove()`` deletes
/// the folder (the database goes with the cluster).
final class TeamLab: @unchecked Sendable {
    let cluster: PostgresCluster
    let database: String
    let folder: URL
    let binary: String

    init() throws {
        guard let cluster = TeamClusterScope.current else { throw TeamLabError.noCluster }
        guard let binary = ConsoleBinary.locate() else { throw ConsoleEndToEndTests.WorkspaceError.noBinary }
        self.cluster = cluster
        self.binary = binary
        database = "hosts_" + UUID().uuidString.prefix(8).lowercased()
        try cluster.sql("CREATE DATABASE \(database) OWNER \(cluster.role)")
        // A short path: tmux sockets live here too (108-byte limit).
        folder = URL(fileURLWithPath: "/tmp/pm-team-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The store's URL: no password in it (each host has it in its `~/.pgpass`).
    var url: String { cluster.url(database: database) }

    /// A new host named `name` (its `POSTMOTERM_HOST`, author and folder). `configFile`: the URL
    /// is in `$XDG_CONFIG_HOME/postmoterm/config.yaml` instead of `$POSTMOTERM_TEAM_URL`.
    /// `ownNetwork`: its processes run in a network namespace of their own (``TeamHostNetwork``).
    func host(_ name: String, configFile: Bool = false, ownNetwork: Bool = false) throws -> TeamHostFolder {
        let host = try TeamHostFolder(lab: self, name: name, configFile: configFile)
        if ownNetwork {
            let network = try TeamHostNetwork(port: cluster.port, folder: host.folder)
            lock.withLock { networks.append(network) }
            host.network = network
        }
        return host
    }

    private let lock = NSLock()
    private var networks: [TeamHostNetwork] = []

    /// Runs every host's `timeline --json` in turn until two passes in a row agree on every host
    /// (at most `passes`): each command sends what its host has pending and fetches what is new.
    /// Returns the last pass's outputs.
    func converge(_ hosts: [TeamHostFolder], _ id: String, passes: Int = 4) throws -> [String] {
        var outputs: [String] = []
        for _ in 0..<passes {
            outputs = try hosts.map { host in
                let result = try host.run(["timeline", "--json", "--incident", id])
                #expect(result.status == 0, "\(host.name): \(result.stderr)")
                return result.stdout
            }
            if Set(outputs).count == 1 { return outputs }
        }
        return outputs
    }

    /// Deletes the hosts' namespaces and the folder.
    func remove() {
        for network in lock.withLock({ networks }) { network.remove() }
        try? FileManager.default.removeItem(at: folder)
    }
}

enum TeamLabError: Error, CustomStringConvertible {
    case noCluster
    case timedOut([String])

    var description: String {
        switch self {
        case .noCluster: "no team cluster: the suite needs the .teamCluster trait"
        case .timedOut(let arguments): "postmoterm \(arguments.joined(separator: " ")) did not end in time"
        }
    }
}

/// One "host" of a ``TeamLab``: its own home, config and data directory, its own host label;
/// the team store's password only in its `~/.pgpass` (never argv, never the environment).
final class TeamHostFolder: @unchecked Sendable {
    let name: String
    let folder: URL
    let dataDirectory: String
    let environment: [String: String]
    /// The host's own network namespace, if it has one: its commands run in it.
    var network: TeamHostNetwork?
    private let lab: TeamLab

    /// What one command did.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    fileprivate init(lab: TeamLab, name: String, configFile: Bool) throws {
        self.lab = lab
        self.name = name
        folder = lab.folder.appendingPathComponent(name)
        let home = folder.appendingPathComponent("home").path
        let config = folder.appendingPathComponent("config").path
        dataDirectory = folder.appendingPathComponent("data").path
        for path in [home, config + "/postmoterm", dataDirectory] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        let cluster = lab.cluster
        let pgpass = home + "/.pgpass"
        try "\(cluster.host):\(cluster.port):\(lab.database):\(cluster.role):\(cluster.password)\n"
            .write(toFile: pgpass, atomically: false, encoding: .utf8)
        chmod(pgpass, 0o600)
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": home, "XDG_CONFIG_HOME": config,
            "XDG_STATE_HOME": folder.appendingPathComponent("state").path, "POSTMOTERM_DATA_DIR": dataDirectory,
            "POSTMOTERM_HOST": name, "POSTMOTERM_AUTHOR": name, "NO_COLOR": "1",
        ]
        if configFile {
            try "team: \(lab.url)  # the team's store\n".write(toFile: config + "/postmoterm/config.yaml", atomically: false, encoding: .utf8)
        } else {
            environment["POSTMOTERM_TEAM_URL"] = lab.url
        }
        self.environment = environment
    }

    /// The host's local log, as the test process reads (or writes) it: another writer on the
    /// same data directory, as a script or a second console on that host would be.
    func store() throws -> SQLiteIncidentStore { try SQLiteIncidentStore(directory: dataDirectory, originHost: name) }

    /// Starts `postmoterm ARGUMENTS` on this host; its output goes to files in the host's folder.
    func launch(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, stdout: String, stderr: String) {
        let process = Process()
        let (executable, argv) = network?.wrap(lab.binary, arguments) ?? (lab.binary, arguments)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = argv
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = folder
        let tag = UUID().uuidString.prefix(8)
        let stdout = folder.appendingPathComponent("out-\(tag)").path
        let stderr = folder.appendingPathComponent("err-\(tag)").path
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, stdout, stderr)
    }

    /// Runs `postmoterm ARGUMENTS` on this host and waits for it at most `timeout` seconds.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Double = 30) throws -> Result {
        let started = Date()
        let (process, stdout, stderr) = try launch(arguments, environment: extra)
        defer {
            try? FileManager.default.removeItem(atPath: stdout)
            try? FileManager.default.removeItem(atPath: stderr)
        }
        guard ProcessExit.wait(for: [process.processIdentifier], until: Deadline(seconds: timeout)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TeamLabError.timedOut(arguments)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        return Result(
            status: process.terminationStatus, stdout: (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "", seconds: seconds)
    }

    /// `start --title TITLE` here; the new incident's id.
    func start(_ title: String) throws -> String {
        let result = try run(["start", "--title", title])
        #expect(result.status == 0, "\(name): start: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `log --incident ID TEXT` here; fails the test when the command fails.
    @discardableResult
    func log(_ id: String, _ text: String) throws -> Result {
        let result = try run(["log", "--incident", id, text])
        #expect(result.status == 0, "\(name): log \(text): \(result.stderr)")
        return result
    }

    /// The shell command that opens a console here (for tmux): the host's environment, no secret.
    func openCommand(_ arguments: [String]) -> String {
        let variables = environment.merging(["TERM": "xterm-256color"]) { $1 }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(ConsoleBinary.quote($0.value))" }.joined(separator: " ")
        return "cd \(ConsoleBinary.quote(folder.path)) && env -i \(variables) " + ConsoleBinary.quote(lab.binary) + " open "
            + arguments.map(ConsoleBinary.quote).joined(separator: " ")
    }
}

/// Reading `timeline --json`.
enum TeamTimeline {
    static func entries(_ json: String) throws -> [TimelineEntry] {
        try JSONDecoder().decode([TimelineEntry].self, from: Data(json.utf8))
    }

    /// How many times each note text appears.
    static func noteCounts(_ entries: [TimelineEntry]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in entries where entry.kind == .note { counts[entry.event.text, default: 0] += 1 }
        return counts
    }
}
