import PostmotermCore

/// The HAProxy runtime API (stats socket) on a unix socket or TCP: `show stat` for polling, and
/// ``send(command:)`` for anything else (`set server api/b weight 1`, `disable server …`).
///
/// Polls keep one connection open in HAProxy's interactive mode (``RuntimeSession``: each answer
/// ends at the prompt, the connection is renewed every few seconds); a peer that does not keep
/// connections gets one connection per command, which HAProxy answers and closes. Commands sent
/// with ``send(command:)`` always use a connection of their own.
public struct HAProxyRuntimeClient: BalancerSource {
    public let address: BalancerAddress
    public let endpoint: SocketEndpoint
    /// Timeout of ``send(command:)``.
    public var commandTimeout: Double
    public var responseLimit: Int
    /// What the last answer gave (rows, instances, strings), taken again by the next poll where
    /// its rows repeat (``HAProxySourceParser``).
    private let parser = HAProxySourceParser()
    /// The polls' connection, kept open in interactive mode (``RuntimeSession``); commands sent
    /// with ``send(command:)`` use one-shot connections of their own.
    private let session = RuntimeSession()
    /// Whether the configuration file's weights (`show servers state`) are still to be read:
    /// once, at the first successful poll, so a weight changed before anything watched shows.
    private let initialWeights = FirstPollFlag()

    /// `nil` when `address` is not a runtime socket (`haproxy+unix://`, bare path, `haproxy+tcp://`).
    public init?(address: BalancerAddress, commandTimeout: Double = BalancerSourceLimits.defaultTimeout,
                 responseLimit: Int = BalancerSourceLimits.defaultResponseLimit) {
        switch address.endpoint {
        case .haproxyUnix(let path): endpoint = .unix(path: path)
        case .haproxyTCP(let host, let port): endpoint = .tcp(host: host, port: port)
        default: return nil
        }
        self.address = address
        self.commandTimeout = commandTimeout
        self.responseLimit = responseLimit
    }

    /// Sends one runtime API command (a newline is added) and returns HAProxy's answer verbatim.
    /// Throws ``BalancerFetchError`` (refused, timed out, permission denied…). The answer of a
    /// command HAProxy rejected (`Unknown command`, `No such server.`) is returned, not thrown:
    /// the caller knows what success looks like for its command.
    public func send(command: String) async throws -> String {
        let bytes = try await exchange(command, timeout: commandTimeout)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A unix socket or an IP literal: every wait of a poll has the poll's deadline.
    public var boundsItsOwnTime: Bool { endpoint.waitsAreBounded }

    public func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot {
        let client = self
        return try await BlockingIO.run { () throws(BalancerFetchError) -> BalancerSnapshot in
            try client.fetchNow(timeout: timeout, clock: clock)
        }
    }

    /// ``fetch(timeout:clock:)`` on the calling thread, within `timeout`: the exchange and the
    /// parse in one job. ``BalancerPoller`` calls it straight from a poll thread
    /// (``BlockingBalancerSource``); ``fetch(timeout:clock:)`` runs it on an I/O thread.
    func fetchNow(timeout: Double, clock: any PollClock) throws(BalancerFetchError) -> BalancerSnapshot {
        let deadline = SocketExchange.monotonicNow() + timeout
        let bytes = try exchangeNow("show stat", timeout: timeout, kept: true)
        let source = address.display
        var snapshot: BalancerSnapshot
        do {
            try HAProxyCSVParser.requireRuntimeAnswerEnd(bytes)
            snapshot = try parser.parse(bytes, source: source, takenAt: clock.wallTime(), monotonicTime: clock.monotonicSeconds())
        } catch {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("Permission denied") || text.hasPrefix("Unknown command") {
                throw BalancerFetchError(source: source, reason: .commandRejected(TerminalSafe.escape(text)))
            }
            throw BalancerFetchError(source: source, reason: .notHAProxyCSV(error))
        }
        // The process line (`show info`), on the polls' kept connection only and in the time
        // left: a peer that does not keep connections, or does not answer it, just has none.
        let infoTime = min(deadline - SocketExchange.monotonicNow(), 1)
        if infoTime > 0,
            let info = try? session.exchange(endpoint, command: Array("show info\n".utf8), timeout: infoTime, limit: 64 * 1024)
        {
            snapshot.process = BalancerProcess.haproxy(info: info)
        }
        let firstLook = initialWeights.isPending
        if firstLook || snapshot.pools.contains(where: { $0.instances.contains { $0.address == nil } }) {
            // Older HAProxy without the `addr` column: addresses from `show servers state`, in
            // the time left; at the first poll also the configuration's weights.
            let left = deadline - SocketExchange.monotonicNow()
            if left > 0, let state = try? exchangeNow("show servers state", timeout: left),
               let records = try? HAProxyServerState.parse(String(decoding: state, as: UTF8.self)) {
                snapshot.merge(serverStates: records, initialWeights: firstLook)
                if firstLook { initialWeights.done() }
            }
        }
        return snapshot
    }

    private func exchange(_ command: String, timeout: Double) async throws -> [UInt8] {
        let client = self
        return try await BlockingIO.run { () throws(BalancerFetchError) -> [UInt8] in
            try client.exchangeNow(command, timeout: timeout)
        }
    }

    /// One command and its answer on the calling thread (blocking, within `timeout`).
    /// `kept`: on the polls' kept connection when the peer allows it.
    private func exchangeNow(_ command: String, timeout: Double, kept: Bool = false) throws(BalancerFetchError) -> [UInt8] {
        do {
            let request = Array((command + "\n").utf8)
            if kept, let answer = try session.exchange(endpoint, command: request, timeout: timeout, limit: responseLimit) {
                return answer
            }
            return try SocketExchange.run(endpoint, request: request, timeout: timeout, limit: responseLimit)
        } catch {
            throw BalancerFetchError(source: address.display, reason: .transport(error))
        }
    }
}
