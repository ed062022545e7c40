import Foundation
import LoopbackLab
import PostmotermTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A network namespace of its own for one "host" of a ``TeamLab``, joined to this machine's by
/// a veth pair on a private /30 (`10.231.N.0`): the host's processes see only their own
/// loopback and that link. Two `socat` relays carry the team store's port across it — one in
/// the namespace on its 127.0.0.1 (so the host's URL and `~/.pgpass` stay those of every other
/// host), one here on the link's address towards the cluster's 127.0.0.1 — so ``cut()`` (the
/// link down) is a real network partition of that host alone, and ``mend()`` ends it.
///
/// Needs root, `ip` (iproute2) and `socat`: ``isAvailable``. The relays are
/// ``SupervisedProcess``es (they fork per connection; their group dies with this process);
/// ``remove()`` stops them and deletes the namespace (the veth pair goes with it).
final class TeamHostNetwork: @unchecked Sendable {
    let namespace: String
    let outside: String
    let inside: String
    let linkAddress: String
    private var relays: [SupervisedProcess] = []

    /// Whether namespaces can be made here (root, iproute2 and socat installed).
    static var isAvailable: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: ip)
            && FileManager.default.isExecutableFile(atPath: socat)
    }

    static let ip = "/usr/sbin/ip"
    static let socat = "/usr/bin/socat"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var nextSubnet = 0

    /// A namespace whose 127.0.0.1:`port` reaches this machine's 127.0.0.1:`port`; the relays
    /// log to files in `folder`.
    init(port: UInt16, folder: URL) throws {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        namespace = "pmt-" + tag
        outside = "pmo-" + tag
        inside = "pmi-" + tag
        // A /30 per namespace of this process; the pid spreads parallel test processes apart.
        let subnet = Self.lock.withLock {
            defer { Self.nextSubnet += 1 }
            return (Int(getpid()) * 7 + Self.nextSubnet) % 250 + 1
        }
        linkAddress = "10.231.\(subnet).1"
        let hostAddress = "10.231.\(subnet).2"
        do {
            try Self.ip(["netns", "add", namespace])
            try Self.ip(["link", "add", outside, "type", "veth", "peer", "name", inside])
            try Self.ip(["link", "set", inside, "netns", namespace])
            try Self.ip(["addr", "add", linkAddress + "/30", "dev", outside])
            try Self.ip(["link", "set", outside, "up"])
            try Self.ip(["-n", namespace, "addr", "add", hostAddress + "/30", "dev", inside])
            try Self.ip(["-n", namespace, "link", "set", inside, "up"])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
            // Here: the link's address → the cluster. There: the namespace's loopback → the link.
            let logs = ["outside", "inside"].map { folder.appendingPathComponent("relay-\(tag)-\($0).log").path }
            relays.append(try SupervisedProcess(
                executable: Self.socat, arguments: ["-d", "-d", "-lf", logs[0], "TCP-LISTEN:\(port),bind=\(linkAddress),fork,reuseaddr",
                             "TCP:127.0.0.1:\(port)"]))
            relays.append(try SupervisedProcess(
                executable: Self.ip, arguments: ["netns", "exec", namespace, Self.socat, "-d", "-d", "-lf", logs[1],
                          "TCP-LISTEN:\(port),bind=127.0.0.1,fork,reuseaddr", "TCP:\(linkAddress):\(port),connect-timeout=2"]))
            // Each relay logs "listening on" once its socket listens: wait for both, woken by
            // the folder's changes.
            let changes = try DirectoryChanges(directory: folder.path)
            let listening = changes.wait(until: Deadline(seconds: 10)) {
                logs.allSatisfy { ((try? String(contentsOfFile: $0, encoding: .utf8)) ?? "").contains("listening on") }
            }
            guard listening else { throw TeamHostNetworkError.failed("the socat relays did not listen within 10 s") }
        } catch {
            remove()
            throw error
        }
    }

    /// `command ARGUMENTS` run inside the namespace: the argv to launch.
    func wrap(_ command: String, _ arguments: [String]) -> (String, [String]) {
        (Self.ip, ["netns", "exec", namespace, command] + arguments)
    }

    /// Takes the link down: the host's connections to the store go nowhere.
    func cut() throws { try Self.ip(["link", "set", outside, "down"]) }

    /// Brings the link back.
    func mend() throws { try Self.ip(["link", "set", outside, "up"]) }

    /// Stops the relays and deletes the namespace. Safe to call more than once.
    func remove() {
        for relay in relays { relay.terminate(grace: 0.5) }
        relays = []
        _ = try? Self.ip(["netns", "delete", namespace])
        _ = try? Self.ip(["link", "delete", outside])
    }

    @discardableResult
    private static func ip(_ arguments: [String]) throws -> String { try capture(ip, arguments) }

    private static func capture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TeamHostNetworkError.failed("\(executable) \(arguments.joined(separator: " ")): \(text)")
        }
        return text
    }
}

enum TeamHostNetworkError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case .failed(let message): message
        }
    }
}
