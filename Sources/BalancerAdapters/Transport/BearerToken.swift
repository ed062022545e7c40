import Foundation

/// A bearer token for HTTP's `Authorization: Bearer`. Its `description` never shows the token,
/// so printing or logging a value by mistake leaks nothing.
public struct BearerToken: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// `nil` for an empty token. Surrounding whitespace and a trailing newline (a token file) are
    /// dropped; only the first line counts.
    public init?(_ text: String) {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        value = trimmed
    }

    public var description: String { "token(***)" }
}
