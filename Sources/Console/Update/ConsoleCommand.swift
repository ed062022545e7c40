/// An effect the reducer asks the runtime to perform. The console itself does no I/O.
public enum ConsoleCommand: Sendable, Hashable {
    /// Append an event to the incident log; answer with ``CommandResult/stored(token:entries:)``
    /// or ``CommandResult/storeFailed(token:message:)``.
    case append(token: Int, draft: TimelineDraft)
    /// Run an action on a balancer; answer with ``CommandResult/actionFinished(_:succeeded:message:)``.
    case balancerAction(InstanceActionRequest)
    /// Export the postmortem draft; answer with ``CommandResult/exported(path:)``.
    case export
    /// Throw away what the terminal shows and draw everything again (Ctrl-L).
    case redraw
    /// Leave the console.
    case quit
}
