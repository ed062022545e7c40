import Foundation
import PostmotermCore

/// Sends a checked ``BalancerActionRequest`` to HAProxy's runtime API and reads the answer.
///
/// For the console's health pane (keys on the selected instance):
///
/// ```swift
/// // 1. Build the request; it throws before anything is sent when the action is refused:
/// //    --read-only, a stats page or Envoy source, a bad name or weight. Show `error.description`.
/// let request = try BalancerActionRequest(
///     action: .drain, source: address, pool: instance.pool, instance: instance.name,
///     author: me, readOnly: options.readOnly)
/// // 2. Confirm: show `request.confirmation` (what it does + the exact command), wait for `y`.
/// // 3. Run it (off the main actor; never throws, at most `timeout` seconds):
/// let result = await BalancerActionRunner().run(request)
/// // 4. Log it — every sent command, success or not — then show `result.message`:
/// try store.append(result.eventDraft, to: incident.id)
/// ```
///
/// The health pane shows the effect on the next poll (the runner does not poll).
public struct BalancerActionRunner: Sendable {
    /// Seconds to wait for HAProxy's answer.
    public var timeout: Double
    private let now: @Sendable () -> Timestamp

    /// A runner that stamps results with `now` (the system clock unless a test gives another).
    public init(timeout: Double = 3, now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }) {
        self.timeout = timeout
        self.now = now
    }

    /// Sends the request's command and returns what happened; never throws. A socket-level
    /// failure is an ``BalancerActionResult/Outcome/unreachable`` result whose answer says why
    /// (and, on a timeout, that the command may have been applied anyway).
    public func run(_ request: BalancerActionRequest) async -> BalancerActionResult {
        guard let client = HAProxyRuntimeClient(address: request.source, commandTimeout: timeout, responseLimit: 64 * 1024) else {
            // BalancerActionRequest only accepts runtime sockets; keep the promise not to throw.
            return BalancerActionResult(request: request, outcome: .unreachable,
                                        answer: "\(request.source.display) is not an HAProxy runtime socket", at: now())
        }
        do {
            let answer = try await client.send(command: request.command)
            return BalancerActionResult(request: request, haproxyAnswer: answer, at: now())
        } catch let error as BalancerFetchError {
            return BalancerActionResult(request: request, outcome: .unreachable, answer: Self.explain(error), at: now())
        } catch {
            return BalancerActionResult(request: request, outcome: .unreachable,
                                        answer: TerminalSafe.escape(String(describing: error)), at: now())
        }
    }

    private static func explain(_ error: BalancerFetchError) -> String {
        switch error.reason {
        case .transport(.permissionDenied):
            return "cannot open the runtime socket: permission denied by the file system"
                + " (this user may not connect to it; check its owner and mode, or run as a member of its group)"
        case .transport(.timedOut(let phase, _)) where phase.contains("answer"):
            return "\(error.reasonText); the command may have been applied anyway, check the next poll"
        default:
            return error.reasonText
        }
    }
}
