import Foundation
import LoopbackLab

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster for the team store's tests, the benchmarks and the README's
/// practice: `initdb` + `pg_ctl` from `/usr/lib/postgresql/*/bin` in a temporary folder, listening
/// on 127.0.0.1 only at a free port, its unix socket inside that folder.
///
/// Over TCP every role logs in with a password (scram-sha-256); ``role`` (a plain, non-superuser
/// login) owns ``database``. The unix socket (reachable only through the folder, mode 0700) lets
/// ``sql(_:database:)`` administer the cluster without a password.
///
/// PostgreSQL refuses to run as root, and CI runs as root: then every server program runs as
/// ``unprivilegedUser`` (made by `scripts/setup`) through `runuser`, and the folder is theirs.
///
/// Every wait is bounded (`pg_ctl -w -t`, ``commandTimeout``). ``stop()``/``start()`` take the
/// server away and back (the same port, the same data); ``hang()`` freezes every server process
/// (SIGSTOP) so connections are accepted by the kernel and never answered, ``resume()`` thaws
/// them. ``shutdown()`` (also at `deinit`) stops the server and deletes the folder: use
/// ``with(tls:_:)`` so that happens on a failed test too.
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

    /// Stops the server (`pg_ctl stop -m fast`), keeping its data; thaws it first if hung.
    public func stop() throws {
        resume()
        try pgctl(["stop", "-m", "fast"])
    }

    /// Starts the server again on the same port with the same data.
    public func start() throws {
        try pgctl(["start", "-l", directory.appendingPathComponent("server.log").path])
    }

    /// Freezes the postmaster and every backend (SIGSTOP): the kernel still accepts connections,
    /// nobody answers them or any query in flight.
    public func hang() {
        let pids = serverProcesses()
        lock.withLock { frozen += pids }
        for pid in pids { kill(pid, SIGSTOP) }
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
        if FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") {
            _ = try? pgctl(["stop", "-m", "immediate"])
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
        (try? String(contentsOfFile: directory.appendingPathComponent("server.log").path, encoding: .utf8)) ?? ""
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

    private func pgctl(_ arguments: [String]) throws {
        try run(bin + "/pg_ctl", ["-D", dataDirectory, "-w", "-t", "30"] + arguments)
    }

    /// The postmaster (first line of `postmaster.pid`) and its children, from /proc.
    private func serverProcesses() -> [Int32] {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let line = text.split(separator: "\n").first, let postmaster = Int32(line)
        else { return [] }
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == postmaster ? pid : nil
        }
        return [postmaster] + children
    }

    // MARK: Running the server's programs

    /// Runs `executable` (as ``unprivilegedUser`` when root and `asServer`), waiting at most
    /// ``commandTimeout``; its standard output. Fails with what it printed when it fails.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], asServer: Bool = true)
        throws -> String
    {
        let process = Process()
        if asServer && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", Self.unprivilegedUser, "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let outputPath = directory.appendingPathComponent("cmd-\(UUID().uuidString.prefix(8)).out").path
        let errorPath = outputPath + ".err"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        if asServer && getuid() == 0, let (uid, gid) = try? Self.serverUser() {
            chown(outputPath, uid, gid)
            chown(errorPath, uid, gid)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let name = URL(fileURLWithPath: executable).lastPathComponent
        guard ProcessExit.wait(for: [process.processIdentifier], until: Deadline(seconds: Self.commandTimeout)) else {
            process.terminate()
            throw PostgresClusterError.timedOut(name)
        }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw PostgresClusterError.failed(name, status: process.terminationStatus, output: errors + output)
        }
        return output
    }

    private static func serverUser() throws -> (uid_t, gid_t) {
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
