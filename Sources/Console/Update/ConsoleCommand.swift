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
    /// Find and load the selected alert's playbook (the loader `open PLAYBOOK` uses); answer with
    /// ``CommandResult/playbookLoaded(_:)``, or an error ``ConsoleMessage/notice(_:isError:)``
    /// naming the file when there is none or it does not load.
    case openRunbook(Alert)
    /// From now on, appended step events take their text from `outline` (the playbook switched to).
    /// Runs in order with the other store commands.
    case usePlaybook(PlaybookOutline)
    /// Export the postmortem draft; answer with ``CommandResult/exported(path:)``.
    case export
    /// Throw away what the terminal shows and draw everything again (Ctrl-L).
    case redraw
    /// Leave the console.
    case quit
}
