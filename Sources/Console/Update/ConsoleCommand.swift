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
    /// Export the postmortem draft; answer with ``CommandResult/exported(path:)``.
    case export
    /// Throw away what the terminal shows and draw everything again (Ctrl-L).
    case redraw
    /// Leave the console.
    case quit
}
