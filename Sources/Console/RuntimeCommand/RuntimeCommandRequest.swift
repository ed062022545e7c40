import Foundation
import PostmotermCore

/// A command typed on the health pane's command line (`:`), for one HAProxy runtime socket.
///
/// Read-only commands (`show …`, `get …`, `help`) run at once; any other may change the
/// balancer's state, so it waits for `y` and is logged like the pane's other balancer actions,
/// and a `--read-only` console refuses it.
public struct RuntimeCommandRequest: Sendable, Hashable {
    /// Label of the source (a ``HealthRow/source`` on a runtime socket).
    public var source: String
    /// The command as typed, trimmed: one line, no `;`.
    public var command: String
    /// Whether it may change the balancer's state (not `show`, `get` or `help`).
    public var changesState: Bool

    /// Checks `text` as one runtime command; `nil` with the reason when it cannot be sent: empty,
    /// several commands (`;`) or a control character (either would let a confirmed command carry
    /// another one).
    public static func make(source: String, text: String) -> (request: RuntimeCommandRequest?, refusal: String?) {
        let command = text.trimmingCharacters(in: .whitespaces)
        if command.isEmpty { return (nil, "No command given.") }
        if command.contains(";") { return (nil, "One command at a time: `;` is refused.") }
        if command.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return (nil, "A control character is refused in a runtime command.")
        }
        return (RuntimeCommandRequest(source: source, command: command, changesState: !isReadOnly(command)), nil)
    }

    /// `show …`, `get …` and `help` only read.
    public static func isReadOnly(_ command: String) -> Bool {
        let verb = command.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return verb == "show" || verb == "get" || verb == "help"
    }

    public init(source: String, command: String, changesState: Bool) {
        self.source = source
        self.command = command
        self.changesState = changesState
    }
}
