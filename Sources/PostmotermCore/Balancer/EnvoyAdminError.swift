/// Why an Envoy admin answer could not be read.
public enum EnvoyAdminError: Error, Equatable, Sendable {
    /// `/clusters?format=json` did not return JSON with `cluster_statuses`; the value says what it was.
    case notClustersJSON(got: String)
    /// `/stats` did not return `name: value` lines; the value says what it was.
    case notStats(got: String)
}

extension EnvoyAdminError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notClustersJSON(let got): return "not Envoy /clusters JSON: got \(got)"
        case .notStats(let got): return "not Envoy /stats text: got \(got)"
        }
    }
}
