import Foundation
import Testing
import BalancerAdapters
import LoopbackLab
import PostmotermCore
#if canImport(Glibc)
import Glibc
#endif

/// Every kind of bad answer is a clear error and a finding — no crash, no hang. A source that
/// never answers is cut off at its timeout: the error names the timeout, and the time limit
/// catches a hang (no wall-clock bound that a busy machine could break).
@Suite(.timeLimit(.minutes(1))) struct BadInputTests {
    /// Polls one HTTP stats-page source served by `backend` and returns the update.
    private func pollStatsPage(
        _ behavior: TinyHTTPBackend.Behavior, timeout: Double = 2, limit: Int = BalancerSourceLimits.defaultResponseLimit,
        credentials: BasicCredentials? = nil
    ) async throws -> (MonitorUpdate, TinyHTTPBackend) {
        let backend = TinyHTTPBackend(behavior: behavior)
        try backend.start()
        let address = try BalancerAddress.parse("haproxy+http://127.0.0.1:\(backend.port)/stats").with(credentials: credentials)
        let source = try #require(HAProxyStatsPageSource(address: address, responseLimit: limit))
        let poller = BalancerPoller(sources: [source], interval: 1, timeout: timeout)
        return (await poller.pollOnce(), backend)
    }

    private func reason(_ update: MonitorUpdate) -> String {
        if case .unreachable(let reason) = update.sources[0].state { return reason }
        return "not unreachable: \(update.sources[0].state)"
    }

    @Test func htmlInsteadOfCSV() async throws {
        let html = Array("<!DOCTYPE html>\n<html><head><title>Statistics Report for HAProxy</title>\u{1B}[31m</head></html>".utf8)
        let (update, backend) = try await pollStatsPage(.respond(status: 200, contentType: "text/html", body: html))
        defer { backend.stop() }
        #expect(reason(update) == "haproxy+http://127.0.0.1:\(backend.port)/stats;csv: not HAProxy CSV: got an HTML page starting \"<!DOCTYPE html>^J<html><head><title>Statistics Report for HAP…\"")
        #expect(update.findings.map(\.kind) == [.sourceGarbage])
        #expect(backend.lastRequestHead.hasPrefix("GET /stats;csv HTTP/1.1\r\n"))
    }

    @Test func truncatedCSV() async throws {
        let full = Array(Self.realCSV.utf8)
        let (update, backend) = try await pollStatsPage(.respond(status: 200, contentType: "text/csv", body: Array(full.prefix(full.count - 40))))
        defer { backend.stop() }
        #expect(reason(update).contains("truncated HAProxy CSV at line 3: the last row has no line end"))
        #expect(update.findings.map(\.kind) == [.sourceGarbage])
    }

    @Test func unauthorizedWithAndWithoutCredentials() async throws {
        let (anonymous, backend) = try await pollStatsPage(.status(401))
        defer { backend.stop() }
        #expect(reason(anonymous).hasSuffix("401 unauthorized: give credentials with --auth-file FILE, $POSTMOTERM_BALANCER_AUTH or user:password@ in the address"))
        #expect(anonymous.findings.map(\.kind) == [.sourceUnreachable])
        let (wrong, other) = try await pollStatsPage(.status(401), credentials: BasicCredentials(user: "ops", password: "hunter2"))
        defer { other.stop() }
        #expect(reason(wrong).hasSuffix("401 unauthorized: the credentials were refused"))
        #expect(!reason(wrong).contains("hunter2"))
        #expect(other.lastRequestHead.contains("Authorization: Basic b3BzOmh1bnRlcjI=\r\n"))
    }

    @Test func realStatsPageRefusesWrongPassword() async throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        let address = lab.statsAddress.with(credentials: BasicCredentials(user: "ops", password: "wrong"))
        let update = await BalancerPoller(sources: [BalancerSources.make(address)], timeout: 2).pollOnce()
        #expect(reason(update).hasSuffix("401 unauthorized: the credentials were refused"))
    }

    @Test func hangingServerTimesOutWithoutStallingOtherSources() async throws {
        let hanging = TinyHTTPBackend(behavior: .hang)
        try hanging.start()
        defer { hanging.stop() }
        let good = TinyHTTPBackend(behavior: .respond(status: 200, contentType: "text/csv", body: Array(Self.realCSV.utf8)))
        try good.start()
        defer { good.stop() }
        let sources = try [hanging.port, good.port].map { port in
            BalancerSources.make(try BalancerAddress.parse("haproxy+http://127.0.0.1:\(port)/stats"))
        }
        let poller = BalancerPoller(sources: sources, interval: 1, timeout: 0.5)
        let update = await poller.pollOnce()
        #expect(reason(update).hasSuffix("timed out after 500ms waiting for an answer"))
        #expect(update.sources[1].state == .live)
        #expect(update.sources[0].nextPollIn > 0.5)  // backoff
    }

    @Test func unixSocketThatAcceptsAndNeverAnswers() async throws {
        let directory = NSTemporaryDirectory() + "/postmoterm-mute-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/mute.sock"
        let fd = try Self.listenUnix(path)
        defer { close(fd) }
        let source = BalancerSources.make(try BalancerAddress.parse(path))
        let update = await BalancerPoller(sources: [source], timeout: 0.4).pollOnce()
        #expect(reason(update) == "haproxy+unix://\(path): timed out after 400ms waiting for an answer")
    }

    @Test func permissionDeniedOnTheSocket() async throws {
        let lab = try SeedLab()
        defer { lab.stop() }
        chmod(lab.haproxy.socketPath, 0o600)
        // Root passes file permissions; drop them for this thread only (filesystem uid → nobody).
        let result: Result<[UInt8], TransportError> = Self.asNobody {
            Result { () throws(TransportError) in
                try SocketExchange.run(.unix(path: lab.haproxy.socketPath), request: Array("show stat\n".utf8), timeout: 1, limit: 1 << 20)
            }
        }
        #expect(throws: TransportError.permissionDenied) { try result.get() }
        let error = BalancerFetchError(source: lab.unixAddress.display, reason: .transport(.permissionDenied))
        #expect(error.description == "\(lab.unixAddress.display): permission denied (check the socket's owner and mode, or run as a user allowed to read it)")
        #expect(error.failure.kind == .unreachable)
    }

    @Test func hugeResponseIsRefused() async throws {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024)
        let (update, backend) = try await pollStatsPage(.respond(status: 200, contentType: "text/csv", body: huge), limit: 1024 * 1024)
        defer { backend.stop() }
        #expect(reason(update).hasSuffix("response larger than 1024 KiB, refused (the cap protects the console)"))
        #expect(update.findings.map(\.kind) == [.sourceGarbage])
    }

    @Test func refusedAndUnknownHost() async throws {
        let port = try FreePort.allocate()
        let refused = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse("haproxy+tcp://127.0.0.1:\(port)"))]).pollOnce()
        #expect(reason(refused) == "haproxy+tcp://127.0.0.1:\(port): connection refused (is it running, and is this the right address?)")
        let missing = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse("/nonexistent/admin.sock"))]).pollOnce()
        #expect(reason(missing) == "haproxy+unix:///nonexistent/admin.sock: no such socket file")
    }

    @Test func aDirectoryOrAFileGivenAsTheSocketSaysWhatItIs() async throws {
        let folder = NSTemporaryDirectory() + "pm-not-a-socket-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let directory = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse(folder))]).pollOnce()
        #expect(reason(directory) == "haproxy+unix://\(folder): a directory, not a socket (give the path of HAProxy's `stats socket`)")
        let file = folder + "/haproxy.cfg"
        try "global\n".write(toFile: file, atomically: true, encoding: .utf8)
        let regular = await BalancerPoller(sources: [BalancerSources.make(try BalancerAddress.parse(file))]).pollOnce()
        #expect(reason(regular).hasSuffix("a regular file, not a socket (give the path of HAProxy's `stats socket`)"))
    }

    @Test func serverThatClosesAtOnce() async throws {
        let (update, backend) = try await pollStatsPage(.closeImmediately)
        defer { backend.stop() }
        #expect(reason(update).hasSuffix("connection closed without an answer"))
    }

    // MARK: - Helpers

    static let realCSV = """
        # pxname,svname,qcur,scur,status,weight,uweight,type,req_tot,hrsp_5xx,
        api,a,0,0,UP,1,1,2,10,0,
        api,b,0,0,UP,1,1,2,10,0,
        api,BACKEND,0,0,UP,2,2,1,20,0,

        """

    static func listenUnix(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw TransportError.system(call: "bind", code: errno) }
        return fd
    }

    /// Runs `work` on a new thread whose filesystem uid is `nobody` (Linux `setfsuid` is per
    /// thread and drops CAP_DAC_OVERRIDE with it), so even root meets file permissions.
    static func asNobody<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        typealias SetFSUID = @convention(c) (UInt32) -> Int32
        let handle = dlopen(nil, RTLD_NOW)
        let setfsuid = dlsym(handle, "setfsuid").map { unsafeBitCast($0, to: SetFSUID.self) }
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = setfsuid?(65534)
            box.value = work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
