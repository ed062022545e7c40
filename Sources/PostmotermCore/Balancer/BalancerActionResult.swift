import Foundation

/// What happened to a sent ``BalancerActionRequest``: the balancer's answer, read.
public struct BalancerActionResult: Sendable, Hashable {
    /// How the answer reads.
    public enum Outcome: Sendable, Hashable {
        /// HAProxy answered with nothing (its way of saying done).
        case applied
        /// HAProxy said `Permission denied`: the socket's level is below `admin`.
        case permissionDenied
        /// HAProxy refused with a message (`No such server.`, a weight it rejects…).
        case rejected
        /// The command could not be delivered or no answer came (`answer` says why).
        case unreachable
    }

    public let request: BalancerActionRequest
    public let outcome: Outcome
    /// The balancer's answer, trimmed and escaped (or the transport error for ``Outcome/unreachable``).
    public let answer: String
    /// When the answer came.
    public let at: Timestamp

    public init(request: BalancerActionRequest, outcome: Outcome, answer: String, at: Timestamp) {
        self.request = request
        self.outcome = outcome
        self.answer = answer
        self.at = at
    }

    /// Reads a runtime API answer: empty means applied; `Permission denied` is the socket level.
    public init(request: BalancerActionRequest, haproxyAnswer raw: String, at: Timestamp) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let outcome: Outcome
        if trimmed.isEmpty {
            outcome = .applied
        } else if trimmed.lowercased().hasPrefix("permission denied") {
            outcome = .permissionDenied
        } else if case .runtimeCommand = request.action, !Self.readsAsRefusal(trimmed) {
            // A typed command may answer with text when it worked (`New server registered.`).
            outcome = .applied
        } else {
            outcome = .rejected
        }
        self.init(request: request, outcome: outcome, answer: TerminalSafe.escape(trimmed), at: at)
    }

    /// Whether a runtime API answer reads as HAProxy refusing the command (`Unknown command`,
    /// `No such server.`, `Require 'backend/server'.`…).
    static func readsAsRefusal(_ answer: String) -> Bool {
        let lowered = answer.lowercased()
        return ["unknown", "no such", "require", "invalid", "error", "cannot", "can't", "failed", "missing", "not found", "unexpected"]
            .contains { lowered.hasPrefix($0) }
    }

    /// Whether the balancer applied it.
    public var succeeded: Bool { outcome == .applied }

    /// One line for the responder, shown next to the command: `done`, or what went wrong, with
    /// `Permission denied` said as what it means.
    public var message: String {
        switch outcome {
        case .applied:
            return "done"
        case .permissionDenied:
            return "HAProxy refused: Permission denied — the runtime socket is below level admin"
                + " (raise it on the `stats socket` line: `level admin`, and reload HAProxy)"
        case .rejected:
            return "HAProxy refused: \(answer)"
        case .unreachable:
            return "not sent: \(answer)"
        }
    }

    /// The `balancerAction` event that records it (see ``EventKind``): data `source` (masked),
    /// `pool`, `instance`, `command`, `result` (`ok` | `error`), `answer`; authored by the requester.
    public var eventDraft: EventDraft {
        let answerForLog: String
        switch outcome {
        case .applied: answerForLog = answer.isEmpty ? "(empty answer: applied)" : answer
        case .permissionDenied: answerForLog = "Permission denied (socket level below admin)"
        case .rejected, .unreachable: answerForLog = answer
        }
        let verb = request.action.title(pool: request.pool, instance: request.instance)
        let text = succeeded
            ? "\(verb) `\(request.command)` → ok"
            : "\(verb) `\(request.command)` → error: \(answerForLog)"
        var data = [
            "source": request.source.display,
            "pool": request.pool,
            "instance": request.instance,
            "action": request.action.label,
            "command": request.command,
            "result": succeeded ? "ok" : "error",
            "answer": answerForLog,
        ]
        // A typed runtime command names its own target.
        if request.pool.isEmpty { data["pool"] = nil }
        if request.instance.isEmpty { data["instance"] = nil }
        return EventDraft(kind: .balancerAction, text: text, author: request.author, happenedAt: nil, data: data)
    }
}
