import BalancerAdapters
import Console
import Foundation
import PostmotermCore

/// Runs a command typed on the health pane's command line (`:`) against its HAProxy runtime
/// socket. A read-only command (`show …`) is sent and answered; one that may change state goes
/// through ``BalancerActionRequest`` (refused under `--read-only`, one line, no `;`) and its
/// ``BalancerActionResult`` is the `balancerAction` event that logs it, as for the pane's other
/// actions.
enum RuntimeCommandEffect {
    /// Largest answer read (a `show stat` of 10,000 servers is about 4 MB).
    static let answerLimit = 8 << 20

    static func run(
        _ request: RuntimeCommandRequest, addresses: [BalancerAddress], author: Author, readOnly: Bool
    ) async -> (succeeded: Bool, answer: String, draft: EventDraft?) {
        guard let address = addresses.first(where: { $0.display == request.source }),
            let client = HAProxyRuntimeClient(address: address, commandTimeout: 5, responseLimit: answerLimit)
        else {
            return (false, "\(request.source) is not an HAProxy runtime socket", nil)
        }
        guard request.changesState else {
            // Checked as one command all the same: nothing typed reaches the socket unchecked.
            guard RuntimeCommandRequest.isReadOnly(request.command),
                let command = try? BalancerAction.runtimeCommand(request.command).haproxyCommand(pool: "", instance: "")
            else { return (false, "refused: not one read-only command", nil) }
            do {
                return (true, try await client.send(command: command), nil)
            } catch {
                return (false, "not sent: " + TerminalSafe.escape(String(describing: error)), nil)
            }
        }
        let checked: BalancerActionRequest
        do {
            checked = try BalancerActionRequest(
                action: .runtimeCommand(request.command), source: address, pool: "", instance: "", author: author, readOnly: readOnly)
        } catch {
            return (false, error.description, nil)
        }
        let result: BalancerActionResult
        do {
            let answer = try await client.send(command: checked.command)
            result = BalancerActionResult(request: checked, haproxyAnswer: answer, at: Timestamp(Date()))
        } catch {
            result = BalancerActionResult(
                request: checked, outcome: .unreachable, answer: TerminalSafe.escape("\(error)"), at: Timestamp(Date()))
        }
        let shown = result.answer.isEmpty ? (result.succeeded ? "(empty answer: applied)" : result.message) : result.answer
        return (result.succeeded, result.succeeded ? shown : result.message, result.eventDraft)
    }
}
