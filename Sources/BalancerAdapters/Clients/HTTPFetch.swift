import PostmotermCore

/// Performs a balancer source's request and turns every failure into a ``BalancerFetchError``; only a
/// 200 answer comes back.
enum HTTPFetch {
    static func get(_ request: HTTPRequest, source: BalancerAddress, timeout: Double, limit: Int) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await request.perform(timeout: timeout, limit: limit)
        } catch let error as TransportError {
            throw BalancerFetchError(source: source.display, reason: .transport(error))
        } catch let error as HTTPResponse.ParseError {
            if case .notHTTP(let got) = error { throw BalancerFetchError(source: source.display, reason: .notHTTP(got)) }
            throw BalancerFetchError(source: source.display, reason: .malformedHTTP(error))
        } catch let error as TLSError {
            throw BalancerFetchError(source: source.display, reason: .https(error.description))
        }
        switch response.status {
        case 200: return response
        case 401: throw BalancerFetchError(source: source.display, reason: .unauthorized(hadCredentials: request.authorization != nil))
        default: throw BalancerFetchError(source: source.display, reason: .httpStatus(response.status, response.reason))
        }
    }
}
