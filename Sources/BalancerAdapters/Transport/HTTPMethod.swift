/// The HTTP methods postmoterm sends: GET to read a source, POST to create (an Alertmanager
/// silence).
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
}
