import BalancerAdapters
import Foundation
import PostmotermCore

/// Prometheus's HTTP API over the small HTTP client: instant queries (`GET /api/v1/query`)
/// giving one value per `instance` label, and each instance's CPU, memory and p95 latency by
/// ``MetricsQueries``. Every call has a deadline and a size limit; a failure names the server
/// (masked), never its credentials.
public struct PrometheusClient: Sendable {
    /// Why a query failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The server (its URL's shape is Alertmanager's: `http[s]://[user:pass@]HOST:PORT[/prefix]`).
    public let address: AlertmanagerAddress
    public let authorization: HTTPAuthorization?
    public var responseLimit = 8 << 20

    public init(address: AlertmanagerAddress, authorization: HTTPAuthorization? = nil) {
        self.address = address
        self.authorization = authorization ?? address.credentials.map(HTTPAuthorization.basic)
    }

    /// The client of `url` (`--metrics`, front matter `metrics:`).
    public init(url: String) throws(Failure) {
        do { self.init(address: try AlertmanagerAddress.parse(url)) } catch {
            throw Failure(description: "not a Prometheus URL: \(error.text): \(error.reason) (expected http://HOST:PORT)")
        }
    }

    /// The masked address, as shown.
    public var source: String { address.display }

    /// `instance` label → value of `promql` now.
    public func query(_ promql: String, timeout: Double) async throws(Failure) -> [String: Double] {
        let encoded = promql.addingPercentEncoding(withAllowedCharacters: Self.queryAllowed) ?? promql
        let request = HTTPRequest(
            method: .get, secure: address.secure, host: address.host, port: address.port,
            path: address.pathPrefix + "/api/v1/query?query=" + encoded, authorization: authorization)
        let response: HTTPResponse
        do {
            response = try await request.perform(timeout: timeout, limit: responseLimit)
        } catch {
            throw Failure(description: "Prometheus \(source): \(error)")
        }
        guard response.status == 200 else { throw Failure(description: "Prometheus \(source) answered HTTP \(response.status)") }
        do { return try PrometheusVector.values(Array(response.body)) } catch {
            throw Failure(description: "Prometheus \(source): \(error.description)")
        }
    }

    /// CPU %, resident memory and p95 latency by `instance` label (the three queries at once;
    /// one that fails leaves its figure unknown, all failing is an error).
    public func instanceMetrics(_ queries: MetricsQueries = MetricsQueries(), timeout: Double) async throws(Failure) -> [String: InstanceMetrics] {
        async let cpu = try? query(queries.cpu, timeout: timeout)
        async let memory = try? query(queries.memory, timeout: timeout)
        async let p95 = try? query(queries.p95, timeout: timeout)
        let (cpuValues, memoryValues, p95Values) = await (cpu, memory, p95)
        guard cpuValues != nil || memoryValues != nil || p95Values != nil else {
            // Say why: the first query's failure.
            _ = try await query(queries.cpu, timeout: timeout)
            return [:]
        }
        var out: [String: InstanceMetrics] = [:]
        for (label, value) in cpuValues ?? [:] { out[label, default: InstanceMetrics()].cpuPercent = value }
        for (label, value) in memoryValues ?? [:] { out[label, default: InstanceMetrics()].memoryBytes = value }
        for (label, value) in p95Values ?? [:] { out[label, default: InstanceMetrics()].p95Milliseconds = value }
        return out
    }

    /// Query-string characters left as they are (`+`, `&`, `=` and the like are escaped).
    static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()
}
