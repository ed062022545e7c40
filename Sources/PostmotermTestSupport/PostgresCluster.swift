import Foundation
import LoopbackLab

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster for the team store's tests, the benchmarks and the README's
/// practice: `initdb` once per process, then for each cluster a copy of that data folder in a
/// temporary folder and `postgres` from `/usr/lib/postgresql/*/bin` in the foreground, listening
/// on 127.0.0.1 only at a free port, its unix socket inside that folder.
///
/// Over TCP every role logs in with a password (scram-sha-256); ``role`` (a plain, non-superuser
/// login) owns ``database``. The unix socket (reachable only through the folder, mode 0700) lets
/// ``sql(_:database:)`` administer the cluster without a password.
///
/// PostgreSQL refuses to run as root, and CI runs as root: then every server program runs as
/// ``unprivilegedUser`` (made by `scripts/setup`) through `setpriv`, which `exec`s, and the folder
/// is theirs.
///
/// The postmaster is not daemonized (no `pg_ctl start`): it is this process's child, a
/// ``SupervisedProcess`` (its own process group, killed by a watchdog if this process dies), so
/// nothing outlives a crashed test run and nothing holds an inherited descriptor open.
/// It is ready when `postmaster.pid` says so (woken by the file's changes, not a timer).
///
/// Every wait is bounded (``commandTimeout``). ``stop()``/``start()`` take the server away
/// (SIGINT: fast shutdown) and back (the same port, the same data); ``hang()`` freezes every
/// server process (SIGSTOP) so connections are accepted by the kernel and never answered,
/// ``resume()`` thaws them. ``shutdown()`` (also at `deinit`) stops the server at once (SIGQUIT)
/// and deletes the folder: use ``with(tls:_:)`` so that happens on a failed test too.
public final class PostgresCluster: @unchecked Sendable {
    /// The login role the tests connect as (never a superuser).
    public let role = "responder"
    /// Its password (random per cluster; handed over in the environment, never in argv).
    public let password: String
    /// The database ``role`` owns.
    public let database = "postmoterm"
    public let host = "127.0.0.1"
    public let port: UInt16
    /// The temporary folder holding everything (data, socket, log, certificates).
    public let directory: URL
    /// The CA that signed the server's certificate (with `tls`), for `sslrootcert=`.
    public let caFile: String?
    /// The OS user that runs the server when this process is root.
    public static let unprivilegedUser = "postmoterm-test"
    /// The longest any one server command may take.
    public static let commandTimeout: Double = 60

    private let bin: String
    private let dataDirectory: String
    private let socketDirectory: String
    private let lock = NSLock()
    private var isShutDown = false
    private var frozen: [Int32] = []
    /// The postmaster while it runs.
    private var server: SupervisedProcess?

    /// Creates, configures and starts a cluster (with `tls`: `ssl=on` with a certificate for
    /// 127.0.0.1 signed by a CA made here; `requireTLS`: plain TCP logins are rejected).
    public init(tls: Bool = false, requireTLS: Bool = false) throws {
        bin = try Self.binDirectory()
        port = try FreePort.allocate()
        password = UUID().uuidString
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pm-pg-\(UUID().uuidString.prefix(8))")
        dataDirectory = directory.appendingPathComponent("data").path
        socketDirectory = directory.appendingPathComponent("socket").path
        caFile = tls ? directory.appendingPathComponent("ca.crt").path : nil
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        do {
            try setUp(tls: tls, requireTLS: requireTLS)
        } catch {
            shutdown()
            throw error
        }
    }

    deinit { shutdown() }

    /// Runs `body` with a new cluster and shuts it down afterwards, also when `body` throws.
    public static func with<T>(
        tls: Bool = false, requireTLS: Bool = false, _ body: (PostgresCluster) async throws -> T
    ) async throws -> T {
        let cluster = try PostgresCluster(tls: tls, requireTLS: requireTLS)
        defer { cluster.shutdown() }
        return try await body(cluster)
    }

    /// `postgres://responder@127.0.0.1:PORT/postmoterm` plus `query` (no password in it).
    public func url(database: String? = nil, query: String = "") -> String {
        "postgres://\(role)@\(host):\(port)/\(database ?? self.database)" + (query.isEmpty ? "" : "?" + query)
    }

    // MARK: Taking the server away

    /// Whether the postmaster runs (also when hung).
    public var isRunning: Bool { lock.withLock { server?.isRunning ?? false } }

    /// Stops the server (fast shutdown: SIGINT, open sessions are ended), keeping its data; thaws
    /// it first if hung. Does nothing when it is stopped.
    public func stop() throws {
        resume()
        guard let server = lock.withLock({ () -> SupervisedProcess? in
            defer { self.server = nil }
            return self.server
        }) else { return }
        try end(server, signal: SIGINT)
    }

    /// Starts the server (again: the same port, the same data) and waits until it accepts
    /// connections. Does nothing when it runs.
    public func start() throws {
        let changes = try DirectoryChanges(directory: dataDirectory)
        let started = try lock.withLock { () -> SupervisedProcess? in
            guard server == nil else { return nil }
            let postgres = [bin + "/postgres", "-D", dataDirectory]
            let command = getuid() == 0 ? [BoundedCommand.setpriv] + BoundedCommand.setprivArguments(try Self.serverUser()) + postgres : postgres
            let process = try SupervisedProcess(executable: command[0], arguments: Array(command.dropFirst()), outputPath: logPath)
            server = process
            return process
        }
        guard let started else { return }
        let ready = changes.wait(until: Deadline(seconds: Self.commandTimeout)) {
            started.termination != nil || postmasterStatus(pid: started.pid) == "ready"
        }
        if let ended = started.termination {
            lock.withLock { server = nil }
            throw PostgresClusterError.failed("postgres", status: Self.status(ended), output: logTail())
        }
        guard ready else {
            lock.withLock { server = nil }
            try? end(started, signal: SIGQUIT)
            throw PostgresClusterError.timedOut("postgres")
        }
    }

    /// Freezes the postmaster and every backend (SIGSTOP): the kernel still accepts connections,
    /// nobody answers them or any query in flight.
    public func hang() {
        let pids = serverProcesses()
        lock.withLock { frozen += pids }
        for pid in pids { kill(pid, SIGSTOP) }
        // SIGSTOP lands asynchronously: return once each is stopped (`T`) or gone, at most 5 s.
        let deadline = Deadline(seconds: 5)
        while !deadline.hasPassed, !pids.allSatisfy({ Self.statFields($0).map { $0.first == "T" } ?? true }) {
            usleep(1_000)
        }
    }

    /// Thaws what ``hang()`` froze.
    public func resume() {
        let pids = lock.withLock {
            defer { frozen = [] }
            return frozen
        }
        for pid in pids { kill(pid, SIGCONT) }
    }

    /// Stops the server at once and deletes the folder. Safe to call more than once.
    public func shutdown() {
        let first = lock.withLock {
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        resume()
        if let server = lock.withLock({ () -> SupervisedProcess? in
            defer { self.server = nil }
            return self.server
        }) {
            try? end(server, signal: SIGQUIT)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Administration

    /// Runs `sql` as the superuser over the unix socket (`psql -v ON_ERROR_STOP=1`); the rows it
    /// printed, unaligned and without headers (`-At`).
    /// The SQL goes through a file in the private folder, never argv (it may set a password).
    @discardableResult
    public func sql(_ sql: String, database: String? = nil) throws -> String {
        let file = directory.appendingPathComponent("sql-\(UUID().uuidString.prefix(8)).sql").path
        try sql.write(toFile: file, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        if getuid() == 0, let (uid, gid) = try? Self.serverUser() { chown(file, uid, gid) }
        return try run(
            bin + "/psql",
            ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", "\(port)", "-U", "postgres",
             "-d", database ?? "postgres", "-f", file],
            environment: ["PGCONNECT_TIMEOUT": "10"])
    }

    /// The server's log so far (what it printed about connections and errors).
    public func serverLog() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The postmaster and its children (backends, background workers) while it runs: the pids
    /// that ``shutdown()`` and ``stop()`` end.
    public func serverProcesses() -> [Int32] {
        guard let postmaster = lock.withLock({ server?.pid }) else { return [] }
        return [postmaster] + Self.children(of: postmaster)
    }

    // MARK: Setting up

    private func setUp(tls: Bool, requireTLS: Bool) throws {
        try run("/bin/cp", ["-a", try Self.template(bin: bin), dataDirectory], asServer: false)
        var settings = [
            "listen_addresses = '127.0.0.1'",
            "port = \(port)",
            "unix_socket_directories = '\(socketDirectory)'",
            "password_encryption = 'scram-sha-256'",
            "fsync = off", "synchronous_commit = off", "full_page_writes = off",
            "max_connections = 40",
            "log_connections = on",
        ]
        if tls {
            try makeCertificates()
            settings += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
        }
        let hba = [
            "local all all trust",
            requireTLS ? "hostssl all all 127.0.0.1/32 scram-sha-256" : "host all all 127.0.0.1/32 scram-sha-256",
        ]
        try append(settings.joined(separator: "\n") + "\n", to: dataDirectory + "/postgresql.conf")
        try (hba.joined(separator: "\n") + "\n").write(toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try giveFolderToServerUser()
        try start()
        // The password travels inside the SQL on the private socket, never in argv.
        try sql("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        try sql("CREATE DATABASE \(database) OWNER \(role)")
    }

    /// A freshly initialized data folder (`initdb`), made once per process and copied for each
    /// cluster: `initdb` takes seconds on a busy machine, a copy a few milliseconds. Templates of
    /// processes that have ended are deleted.
    private static func template(bin: String) throws -> String {
        try templateLock.withLock {
            let root = FileManager.default.temporaryDirectory.path
            let folder = root + "/pm-pg-template-\(getpid())"
            let data = folder + "/data"
            if FileManager.default.fileExists(atPath: data + "/PG_VERSION") { return data }
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            where entry.hasPrefix("pm-pg-template-") {
                if let pid = Int32(entry.dropFirst("pm-pg-template-".count)), pid != getpid(), kill(pid, 0) != 0 {
                    try? FileManager.default.removeItem(atPath: root + "/" + entry)
                }
            }
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if getuid() == 0 {
                let (uid, gid) = try serverUser()
                chown(folder, uid, gid)
            }
            let helper = try PostgresCluster(templateFolder: URL(fileURLWithPath: folder), bin: bin)
            try helper.run(
                bin + "/initdb",
                ["-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
                 "--auth-local=trust", "--auth-host=scram-sha-256"])
            return data
        }
    }

    private static let templateLock = NSLock()

    /// A stand-in that only runs programs in `folder` (for ``template(bin:)``); never started.
    private init(templateFolder folder: URL, bin: String) throws {
        self.bin = bin
        port = 0
        password = ""
        directory = folder
        dataDirectory = folder.appendingPathComponent("data").path
        socketDirectory = folder.path
        caFile = nil
        isShutDown = true
    }

    /// A CA and a server certificate for 127.0.0.1/localhost signed by it (`openssl`).
    private func makeCertificates() throws {
        let dir = directory.path
        let openssl = "/usr/bin/openssl"
        try run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=postmoterm test CA",
                          "-keyout", dir + "/ca.key", "-out", dir + "/ca.crt"], asServer: false)
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: dir + "/san.ext", atomically: false, encoding: .utf8)
        try run(openssl, ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                          "-keyout", dataDirectory + "/server.key", "-out", dir + "/server.csr"], asServer: false)
        try run(openssl, ["x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.crt", "-CAkey", dir + "/ca.key",
                          "-CAcreateserial", "-days", "2", "-extfile", dir + "/san.ext",
                          "-out", dataDirectory + "/server.crt"], asServer: false)
        chmod(dataDirectory + "/server.key", 0o600)
    }

    private func giveFolderToServerUser() throws {
        guard getuid() == 0 else { return }
        let (uid, gid) = try Self.serverUser()
        let paths = [directory.path] + (FileManager.default.subpaths(atPath: directory.path) ?? []).map { directory.path + "/" + $0 }
        for path in paths { lchown(path, uid, gid) }
        chmod(directory.path, 0o700)
    }

    private func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// The server's output, in the data folder (so that one watch sees both it and
    /// `postmaster.pid` change).
    private var logPath: String { dataDirectory + "/server.log" }

    /// The last 20 lines of the server's log.
    private func logTail() -> String {
        serverLog().split(separator: "\n").suffix(20).joined(separator: "\n")
    }

    /// The status line of `postmaster.pid` (`starting`, `ready`, `stopping`) when the file is
    /// `pid`'s (a file left by a killed server is not).
    private func postmasterStatus(pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 8, Int32(lines[0]) == pid else { return nil }
        return lines[7].trimmingCharacters(in: .whitespaces)
    }

    /// Sends `signal` to the postmaster (SIGINT: fast shutdown; SIGQUIT: immediate), waits for it
    /// and its children to end (bounded), then ends its group (the watchdog) and reaps it.
    private func end(_ server: SupervisedProcess, signal: Int32) throws {
        let children = Self.children(of: server.pid)
        kill(server.pid, signal)
        let ended = ProcessExit.wait(for: [server.pid], until: Deadline(seconds: Self.commandTimeout))
        server.terminate(grace: 1)
        // Backends run in process groups of their own; they end with the postmaster (they
        // watch it), this only bounds the wait for that.
        if !ProcessExit.wait(for: children, until: Deadline(seconds: 5)) {
            for child in children { kill(child, SIGKILL) }
        }
        guard ended else { throw PostgresClusterError.timedOut("postgres") }
    }

    private static func status(_ termination: SupervisedProcess.Termination) -> Int32 {
        switch termination {
        case .exited(let status): status
        case .signalled(let signal): 128 + signal
        }
    }

    /// The live processes whose parent is `parent`, from /proc.
    private static func children(of parent: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let fields = statFields(pid), fields.count > 1, fields[0] != "Z",
                Int32(fields[1]) == parent
            else { return nil }
            return pid
        }
    }

    /// The fields of `/proc/PID/stat` after `(comm)`: state, ppid, pgrp, …; nil when it is gone.
    /// One read(2): /proc files have no size, and the process may end meanwhile.
    static func statFields(_ pid: Int32) -> [String]? {
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return buffer[(close + 1)..<count].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Running the server's programs

    /// Runs `executable` (as ``unprivilegedUser`` when root and `asServer`), waiting at most
    /// ``commandTimeout``; its standard output. Fails with what it printed when it fails.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], asServer: Bool = true)
        throws -> String
    {
        do {
            return try BoundedCommand(
                executable: executable, arguments: arguments, environment: environment,
                user: asServer && getuid() == 0 ? try Self.serverUser() : nil,
                scratchDirectory: directory.path, timeout: Self.commandTimeout
            ).run()
        } catch let failure as BoundedCommand.Failure {
            switch failure {
            case .cannotStart(let name, let code): throw PostgresClusterError.failed(name, status: -code, output: failure.description)
            case .failed(let name, let status, let output): throw PostgresClusterError.failed(name, status: status, output: output)
            case .timedOut(let name, _): throw PostgresClusterError.timedOut(name)
            }
        }
    }

    private static func serverUser() throws -> (uid: uid_t, gid: gid_t) {
        guard let entry = getpwnam(unprivilegedUser) else { throw PostgresClusterError.noServerUser(unprivilegedUser) }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// The newest `/usr/lib/postgresql/N/bin` that has `initdb`.
    private static func binDirectory() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last(where: { FileManager.default.fileExists(atPath: "\(root)/\($0)/bin/initdb") }) else {
            throw PostgresClusterError.notInstalled(root)
        }
        return "\(root)/\(newest)/bin"
    }
}

/// Why a private cluster could not be made or driven.
public enum PostgresClusterError: Error, CustomStringConvertible {
    /// No PostgreSQL server under the folder (run `scripts/setup`).
    case notInstalled(String)
    /// Running as root and the unprivileged user is missing (run `scripts/setup`).
    case noServerUser(String)
    /// A server program failed: its name, exit status and what it printed.
    case failed(String, status: Int32, output: String)
    /// A server program did not finish within ``PostgresCluster/commandTimeout``.
    case timedOut(String)

    public var description: String {
        switch self {
        case .notInstalled(let root): "no PostgreSQL server in \(root)/*/bin (scripts/setup installs it)"
        case .noServerUser(let user):
            "PostgreSQL refuses to run as root and the user \(user) is missing (scripts/setup creates it)"
        case .failed(let name, let status, let output): "\(name) failed (exit \(status)): \(output)"
        case .timedOut(let name): "\(name) did not finish within \(Int(PostgresCluster.commandTimeout)) s"
        }
    }
}
