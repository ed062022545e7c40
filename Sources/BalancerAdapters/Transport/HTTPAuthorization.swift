import PostmotermCore

/// How a request proves who sends it: HTTP basic auth or a bearer token. Its `description` never
/// shows the secret.
public enum HTTPAuthorization: Sendable, Hashable, CustomStringConvertible {
    case basic(BasicCredentials)
    case bearer(BearerToken)

    /// The value of the `Authorization` header.
    var headerValue: String {
        switch self {
        case .basic(let credentials): credentials.authorizationHeader
        case .bearer(let token): "Bearer " + token.value
        }
    }

    public var description: String {
        switch self {
        case .basic: "basic(***)"
        case .bearer: "bearer(***)"
        }
    }
}
