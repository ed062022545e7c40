import PostmotermCore

/// An effect the reducer asks the runtime to perform. The console itself does no I/O.
public enum ConsoleCommand: Sendable, Hashable {
    /// Append an event to the incident log; answer with ``CommandResult/stored(token:entries:)``
    /// or ``CommandResult/storeFailed(token:message:)``.
    case append(token: Int, draft: TimelineDraft)
    /// Run an action on a balancer; answer with ``CommandResult/actionFinished(_:succeeded:message:)``.
    case balancerAction(InstanceActionRequest)
    /// Send a runtime command (`:` in the health pane); answer with
    /// ``CommandResult/runtimeAnswer(_:succeeded:answer:)``. One that changes state is logged
    /// as a `balancerAction` event, whatever the outcome.
    case runtimeCommand(RuntimeCommandRequest)
    /// Record a balancer poll in the incident log: its findings (one event each) and counter
    /// samples, if this console holds that balancer's recording lease (``BalancerRecording``).
    /// The one place balancer observations are written; a failure comes back as a
    /// ``ConsoleMessage/notice(_:isError:)``.
    case recordPoll(BalancerPoll)
    /// Record an Alertmanager's answer: its alerts' fire/resolve transitions and expired
    /// silences, each once, if this console holds that Alertmanager's recording lease.
    case recordAlerts(AlertSnapshot, silences: [AlertSilence])
    /// Create a silence in Alertmanager and log it; answer with
    /// ``CommandResult/silenceFinished(_:succeeded:message:)``.
    case silenceAlert(SilenceOrder, author: String)
    /// Find the selected alert's playbook and say where it is (a notice).
    case openRunbook(Alert)
    /// Export the postmortem draft; answer with ``CommandResult/exported(path:)``.
    case export
    /// Throw away what the terminal shows and draw everything again (Ctrl-L).
    case redraw
    /// Leave the console.
    case quit
}
