/// Who wrote an event: a responder's name and, when known, the role they held (e.g. `IC`).
/// Balancer observations are written by the program itself under the name `postmoterm`.
public struct Author: Codable, Hashable, Sendable {
    public var name: String
    public var role: String?

    public init(name: String, role: String? = nil) {
        self.name = name
        self.role = role
    }

    /// The author of events postmoterm records on its own (balancer observations).
    public static let postmoterm = Author(name: "postmoterm")
}

extension Author: CustomStringConvertible {
    /// `alice (IC)` or `alice`.
    public var description: String {
        if let role, !role.isEmpty { return "\(name) (\(role))" }
        return name
    }
}
