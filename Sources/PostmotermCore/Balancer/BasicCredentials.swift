import Foundation

/// A user name and password for HTTP basic auth. Its `description` never shows the password, so
/// printing or logging a value by mistake leaks nothing.
public struct BasicCredentials: Sendable, Hashable, CustomStringConvertible {
    public let user: String
    public let password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Reads `user:password` (the format of `--auth-file` and `$POSTMOTERM_BALANCER_AUTH`); surrounding
    /// whitespace and a trailing newline are ignored. `nil` when there is no `:`.
    public init?(userColonPassword text: String) {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex else { return nil }
        self.init(user: String(trimmed[..<colon]), password: String(trimmed[trimmed.index(after: colon)...]))
    }

    /// The value of an `Authorization` header.
    public var authorizationHeader: String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    public var description: String { "credentials(***)" }
}
