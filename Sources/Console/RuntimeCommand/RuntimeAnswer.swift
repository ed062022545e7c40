import Foundation
import PostmotermCore

/// A runtime command's answer as the scrollable view shows it: inert lines (control characters
/// made visible), the first one shown at ``offset``.
public struct RuntimeAnswer: Sendable, Hashable {
    public var request: RuntimeCommandRequest
    /// Whether the balancer took it (for a command that changes state: as logged).
    public var succeeded: Bool
    public var lines: [String]
    /// The first line shown.
    public var offset = 0

    /// `answer`: the balancer's text (or why nothing came), made inert here; trailing blank
    /// lines dropped.
    public init(request: RuntimeCommandRequest, succeeded: Bool, answer: String) {
        self.request = request
        self.succeeded = succeeded
        var lines = answer.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var text = String(line)
            if text.hasSuffix("\r") { text.removeLast() }
            return TerminalSafe.escape(text)
        }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        self.lines = lines.isEmpty ? ["(empty answer)"] : lines
    }

    /// Moves the view by `delta` lines, keeping `visible` lines on screen.
    mutating func scroll(by delta: Int, visible: Int) {
        let last = max(0, lines.count - max(1, visible))
        let moved = offset.addingReportingOverflow(delta)
        offset = min(max(0, moved.overflow ? (delta > 0 ? last : 0) : moved.partialValue), last)
    }
}
