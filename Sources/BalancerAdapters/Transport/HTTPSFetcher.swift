import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTPS for `haproxy+https://` stats pages — the only file that uses URLSession (TLS needs a
/// library; FoundationNetworking brings libcurl's). Certificates are verified as usual.
enum HTTPSFetcher {
    /// Why an HTTPS request failed below HTTP.
    struct Failure: Error, CustomStringConvertible {
        /// URLSession's message (TLS, DNS, connect).
        let message: String
        var description: String { message }
    }

    static func get(_ request: HTTPGet, timeout: Double, limit: Int) async throws -> HTTPResponse {
        guard let url = URL(string: "https://\(BalancerAddressHost.format(request.host, request.port))\(request.path)") else {
            throw Failure(message: "not a valid URL")
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.setValue("postmoterm", forHTTPHeaderField: "User-Agent")
        if let credentials = request.credentials {
            urlRequest.setValue(credentials.authorizationHeader, forHTTPHeaderField: "Authorization")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError where error.code == .timedOut {
            throw TransportError.timedOut(phase: "an answer", seconds: timeout)
        } catch let error as URLError where error.code == .cannotConnectToHost {
            throw TransportError.refused
        } catch {
            throw Failure(message: error.localizedDescription)
        }
        if data.count > limit { throw TransportError.responseTooLarge(limit: limit) }
        guard let http = response as? HTTPURLResponse else { throw Failure(message: "not an HTTP response") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPResponse(status: http.statusCode, reason: HTTPURLResponse.localizedString(forStatusCode: http.statusCode),
                            headers: headers, body: Array(data))
    }
}
