import PostmotermCore

/// The HAProxy stats page read as CSV over HTTP(S), with basic auth.
public struct HAProxyStatsPageSource: BalancerSource {
    public let address: BalancerAddress
    public var responseLimit: Int
    private let request: HTTPRequest
    /// What the last answer gave (rows, instances, strings), taken again by the next poll where
    /// its rows repeat (``HAProxySourceParser``).
    private let parser = HAProxySourceParser()

    /// `nil` when `address` is not `haproxy+http(s)://`. Credentials come from the address (see
    /// ``BalancerCredentialsResolver`` for where they are found).
    public init?(address: BalancerAddress, responseLimit: Int = BalancerSourceLimits.defaultResponseLimit) {
        guard case .haproxyStatsPage(let secure, let host, let port, let path) = address.endpoint else { return nil }
        self.address = address
        self.responseLimit = responseLimit
        request = HTTPRequest(secure: secure, host: host, port: port, path: path, authorization: address.credentials.map(HTTPAuthorization.basic))
    }

    /// An IP literal: every wait of a poll has the poll's deadline (no name lookup).
    public var boundsItsOwnTime: Bool { request.boundsItsOwnTime }

    public func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot {
        let response = try await HTTPFetch.get(request, source: address, timeout: timeout, limit: responseLimit)
        do {
            return try parser.parse(response.body, source: address.display, takenAt: clock.wallTime(), monotonicTime: clock.monotonicSeconds())
        } catch {
            throw BalancerFetchError(source: address.display, reason: .notHAProxyCSV(error))
        }
    }
}
