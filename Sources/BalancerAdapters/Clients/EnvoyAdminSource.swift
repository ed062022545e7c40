import PostmotermCore

/// The Envoy admin interface: `/clusters?format=json` and `/stats?filter=^cluster\.` (circuit
/// breakers, outlier detection, cluster counters), fetched together.
public struct EnvoyAdminSource: BalancerSource {
    public let address: BalancerAddress
    public var responseLimit: Int
    private let host: String
    private let port: Int

    public init?(address: BalancerAddress, responseLimit: Int = BalancerSourceLimits.defaultResponseLimit) {
        guard case .envoyAdmin(let host, let port) = address.endpoint else { return nil }
        self.address = address
        self.responseLimit = responseLimit
        self.host = host
        self.port = port
    }

    /// An IP literal: every wait of a poll has the poll's deadline (no name lookup).
    public var boundsItsOwnTime: Bool { SocketEndpoint.tcp(host: host, port: 0).waitsAreBounded }

    public func fetch(timeout: Double, clock: any PollClock) async throws -> BalancerSnapshot {
        let authorization = address.credentials.map(HTTPAuthorization.basic)
        let clusters = HTTPRequest(secure: false, host: host, port: port, path: "/clusters?format=json", authorization: authorization)
        let stats = HTTPRequest(secure: false, host: host, port: port, path: "/stats?filter=%5Ecluster%5C.", authorization: authorization)
        async let clustersAnswer = HTTPFetch.get(clusters, source: address, timeout: timeout, limit: responseLimit)
        async let statsAnswer = HTTPFetch.get(stats, source: address, timeout: timeout, limit: responseLimit)
        let (clustersBody, statsBody) = try await (clustersAnswer.body, statsAnswer.body)
        do {
            return try EnvoyAdminParser.parse(
                clustersJSON: clustersBody, stats: String(decoding: statsBody, as: UTF8.self), source: address.display,
                takenAt: clock.wallTime(), monotonicTime: clock.monotonicSeconds())
        } catch {  // the parser throws EnvoyAdminError only (typed throws)
            throw BalancerFetchError(source: address.display, reason: .notEnvoy(error))
        }
    }
}
