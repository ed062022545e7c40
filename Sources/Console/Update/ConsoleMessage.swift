import Foundation
import PostmotermCore

/// Everything that can happen to the console: keys, the world changing, effects finishing.
public enum ConsoleMessage: Sendable, Hashable {
    case key(KeyPress)
    case resize(TerminalSize)
    /// The clock moved (once a second).
    case tick(Date)
    /// A balancer source was polled: its state, and its instances when it answered (nil keeps the
    /// last good rows, which the header marks stale).
    case pollUpdate(SourceStatus, rows: [HealthRow]?)
    /// A balancer was polled, with what the detector noticed (each finding arrives once); the
    /// reducer has it recorded (through the recording gate) unless the console is read-only.
    case balancerPolled(BalancerPoll)
    /// An Alertmanager was polled: how it stands and its alerts (the last good ones while it
    /// fails). `fresh` carries a new answer (and its silences) to record unless read-only.
    case alertsPolled(AlertSourceView, fresh: AlertSnapshot?, silences: [AlertSilence])
    /// A reading of the instances' process metrics by `instance` label (`--metrics`), or why
    /// it failed.
    case instanceMetrics([String: InstanceMetrics], failure: String?, at: Date)
    /// Whether this console now records `source` (it took or lost the recording lease).
    case recording(source: String, isRecording: Bool)
    /// Events read from the incident log (committed; possibly written by other processes).
    case storeEvents([ConsoleEvent])
    /// What the team shipper found in its last round (issue 15).
    case teamStatus(TeamStatus)
    /// Something the runtime wants the responder to read on the status row.
    case notice(String, isError: Bool)
    /// An effect the console asked for finished.
    case commandResult(CommandResult)
}

/// How an effect ended.
public enum CommandResult: Sendable, Hashable {
    /// The append with `token` committed as `entries`.
    case stored(token: Int, entries: [ConsoleEvent])
    /// The append with `token` failed; nothing was written.
    case storeFailed(token: Int, message: String)
    /// The postmortem draft was written to `path`.
    case exported(path: String)
    /// The draft was written to `path`, beside `kept`: a responder edited `kept` since postmoterm
    /// wrote it, so it was not overwritten.
    case exportedBeside(path: String, kept: String)
    case exportFailed(message: String)
    /// A balancer action ran; `message` is the balancer's answer or the error.
    case actionFinished(InstanceActionRequest, succeeded: Bool, message: String)
    /// A silence asked for from the alerts pane was made (`message` says until when) or refused.
    case silenceFinished(SilenceOrder, succeeded: Bool, message: String)
    /// A runtime command was answered (`answer`: the balancer's text, or why it was not sent).
    case runtimeAnswer(RuntimeCommandRequest, succeeded: Bool, answer: String)
}
