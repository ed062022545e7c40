import BalancerAdapters
import Foundation
import PostmotermCore

/// Alertmanager's API v2 over the small HTTP client: the alerts (`GET /api/v2/alerts`), the
/// silences (`GET /api/v2/silences`) and a new silence (`POST /api/v2/silences`). Every call has
/// a deadline and a size limit; every failure is an ``AlertmanagerFetchError`` naming the
/// Alertmanager (masked), never its credentials.
public struct AlertmanagerClient: Sendable {
    public let address: AlertmanagerAddress
    public let authorization: HTTPAuthorization?
    /// The largest answer read (bytes); a larger one is garbage.
    public var responseLimit: Int
    /// The connection the alerts are polled on, kept between polls (shared by copies).
    private let alertsConnection = HTTPKeepAliveConnection()

    public static let defaultResponseLimit = 32 << 20

    public init(address: AlertmanagerAddress, authorization: HTTPAuthorization? = nil,
                responseLimit: Int = AlertmanagerClient.defaultResponseLimit) {
        self.address = address
        self.authorization = authorization ?? address.credentials.map(HTTPAuthorization.basic)
        self.responseLimit = responseLimit
    }

    /// The masked address, as shown and recorded.
    public var source: String { address.display }

    /// An IP literal: every wait has the call's deadline (no name lookup).
    public var boundsItsOwnTime: Bool { request(.get, "/").boundsItsOwnTime }

    /// The alerts Alertmanager holds now: active ones, and silenced and inhibited ones unless
    /// told otherwise (Alertmanager leaves resolved alerts out).
    public func alerts(timeout: Double, silenced: Bool = true, inhibited: Bool = true) async throws(AlertmanagerFetchError) -> [Alert] {
        let response = try await perform(request(.get, "/api/v2/alerts?active=true&silenced=\(silenced)&inhibited=\(inhibited)"),
                                         timeout: timeout, expecting: 200)
        do { return try AlertSnapshot.parseAlerts(response.body) } catch {
            throw AlertmanagerFetchError(source: source, reason: .notAlertmanager(error))
        }
    }

    /// One answer of `GET /api/v2/alerts`: its body, the alerts, and whether it was the same as
    /// the previous answer (then the previous alerts are taken again, not parsed: Alertmanager
    /// sorts its answer by fingerprint, so between Prometheus's re-sends the answer repeats byte
    /// for byte, and a refresh at 1,000 alerts costs a read and a comparison). A changed answer is
    /// read against the previous one (``AlertsPreviousAnswer``): at a re-send, where only
    /// `updatedAt` and `endsAt` move, every alert is the previous one with those two read anew.
    public struct AlertsAnswer: Sendable {
        /// The answer as read: its bytes, its alerts and where each lay.
        public var read: AlertsPreviousAnswer
        public var isUnchanged: Bool

        public var body: [UInt8] { read.body }
        public var alerts: [Alert] { read.alerts }
    }

    /// ``alerts(timeout:silenced:inhibited:)`` reusing `previous` when the answer repeats it, on a
    /// connection kept between calls (``HTTPKeepAliveConnection``); a changed answer is read by
    /// ``AlertsAnswerReader`` against `previous`.
    public func alerts(timeout: Double, after previous: AlertsAnswer?) async throws(AlertmanagerFetchError) -> AlertsAnswer {
        let get = request(.get, "/api/v2/alerts?active=true&silenced=true&inhibited=true")
        let answer = try await mapFailures {
            try await alertsConnection.perform(get, timeout: timeout, limit: responseLimit, previous: previous?.body)
        }
        try check(answer.status, answer.reason, expecting: 200)
        if let previous, answer.repeatsPrevious {
            return AlertsAnswer(read: previous.read, isUnchanged: true)
        }
        var read = previous?.read ?? AlertsPreviousAnswer()
        do { _ = try AlertsAnswerReader.alerts(answer.body, previous: &read) } catch {
            throw AlertmanagerFetchError(source: source, reason: .notAlertmanager(error))
        }
        return AlertsAnswer(read: read, isUnchanged: false)
    }

    /// Every silence Alertmanager keeps (active, pending and recently expired).
    public func silences(timeout: Double) async throws(AlertmanagerFetchError) -> [AlertSilence] {
        let response = try await perform(request(.get, "/api/v2/silences"), timeout: timeout, expecting: 200)
        do { return try AlertSnapshot.parseSilences(response.body) } catch {
            throw AlertmanagerFetchError(source: source, reason: .notAlertmanager(error))
        }
    }

    /// Creates a silence; its id.
    public func createSilence(_ silence: AlertSilenceRequest, timeout: Double) async throws(AlertmanagerFetchError) -> String {
        let body: [UInt8]
        do { body = Array(try JSONEncoder().encode(silence)) } catch {
            throw AlertmanagerFetchError(source: source, reason: .httpStatus(0, "cannot encode the silence"))
        }
        var post = request(.post, "/api/v2/silences")
        post.headers = [("Content-Type", "application/json")]
        post.body = body
        let response = try await perform(post, timeout: timeout, expecting: 200)
        do { return try AlertSnapshot.parseSilenceID(response.body) } catch {
            throw AlertmanagerFetchError(source: source, reason: .notAlertmanager(error))
        }
    }

    private func request(_ method: HTTPMethod, _ path: String) -> HTTPRequest {
        HTTPRequest(method: method, secure: address.secure, host: address.host, port: address.port,
                    path: address.pathPrefix + path, authorization: authorization)
    }

    private func perform(_ request: HTTPRequest, timeout: Double, expecting status: Int) async throws(AlertmanagerFetchError) -> HTTPResponse {
        let response = try await mapFailures { try await request.perform(timeout: timeout, limit: responseLimit) }
        try check(response.status, response.reason, expecting: status)
        return response
    }

    /// The exchange's outcome, its failures as ``AlertmanagerFetchError``.
    private func mapFailures<T>(_ exchange: () async throws -> T) async throws(AlertmanagerFetchError) -> T {
        do {
            return try await exchange()
        } catch let error as TransportError {
            throw AlertmanagerFetchError(source: source, reason: .transport(error))
        } catch let error as HTTPResponse.ParseError {
            if case .notHTTP(let got) = error { throw AlertmanagerFetchError(source: source, reason: .notHTTP(got)) }
            throw AlertmanagerFetchError(source: source, reason: .malformedHTTP(error))
        } catch {
            throw AlertmanagerFetchError(source: source, reason: .https(String(describing: error)))
        }
    }

    /// Refuses an answer whose status is not `expected` (401 and 403 say whether credentials were sent).
    private func check(_ status: Int, _ reason: String, expecting expected: Int) throws(AlertmanagerFetchError) {
        switch status {
        case expected: return
        case 401, 403: throw AlertmanagerFetchError(source: source, reason: .unauthorized(status: status, hadCredentials: authorization != nil))
        default: throw AlertmanagerFetchError(source: source, reason: .httpStatus(status, reason))
        }
    }
}
