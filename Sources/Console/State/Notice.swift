import Foundation

/// A one-line message on the status row (what was written, why a key was refused).
public struct Notice: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    public var shownAt: Date

    public init(text: String, isError: Bool, shownAt: Date) {
        self.text = text
        self.isError = isError
        self.shownAt = shownAt
    }

    /// How long a notice stays up.
    public static let lifetime: TimeInterval = 8
}
