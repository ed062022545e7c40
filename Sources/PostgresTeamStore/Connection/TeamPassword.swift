/// A password for the team store. Printing, interpolating or dumping it shows `<redacted>`: the
/// only way to the characters is ``revealed``, used once, where the connection is made.
public struct TeamPassword: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The password itself (for the connection's configuration only).
    public let revealed: String

    public init(_ password: String) { revealed = password }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
