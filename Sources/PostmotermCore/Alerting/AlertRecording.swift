/// Records Alertmanagers' alerts into one incident's log, as ``BalancerRecording`` does the
/// balancers': only while this console holds the recording lease of that Alertmanager (its
/// masked URL as the "balancer"), so two consoles never record the same alert twice. On taking
/// a lease (at start, or from a console that went away) it first reads what the log holds, so a
/// restart records nothing again.
public struct AlertRecording: Sendable {
    public let incident: IncidentID
    public let holder: String
    public let leaseMilliseconds: Int64
    private var transitions: [String: AlertTransitions] = [:]
    /// The Alertmanagers whose lease this console held at its last poll.
    public private(set) var recording: Set<String> = []

    public init(incident: IncidentID, holder: String, leaseMilliseconds: Int64 = RecordingLease.defaultMilliseconds) {
        self.incident = incident
        self.holder = holder
        self.leaseMilliseconds = leaseMilliseconds
    }

    /// Records what `snapshot` and `silences` add, when the lease is this console's (a store
    /// without leases: always). Returns the events written.
    public mutating func record(_ snapshot: AlertSnapshot, silences: [AlertSilence], in store: any IncidentStore) throws -> [Event] {
        let source = snapshot.source
        if let leases = store as? any RecordingLeases {
            let lease = try leases.claimRecording(of: source, for: incident, holder: holder, milliseconds: leaseMilliseconds)
            guard lease.isMine else {
                recording.remove(source)
                return []
            }
        }
        var current: AlertTransitions
        if let known = transitions[source], recording.contains(source) {
            current = known
        } else {
            // Newly ours: learn what the log holds (this console's earlier run, another console).
            let logged = try store.events(of: incident).filter { [.alertFiring, .alertResolved, .alertSilenced].contains($0.kind) }
            current = AlertTransitions(source: source, recorded: logged)
            if let previous = transitions[source] { current.adoptSilenceWatch(from: previous) }
            recording.insert(source)
        }
        var drafts = current.observe(snapshot)
        drafts += current.observe(silences: silences, at: snapshot.takenAt)
        transitions[source] = current
        guard !drafts.isEmpty else { return [] }
        return try store.append(contentsOf: drafts, to: incident)
    }

    /// Gives every lease up (an orderly exit): another console takes over at once.
    public mutating func finish(leases: any RecordingLeases) {
        for source in recording { try? leases.releaseRecording(of: source, for: incident, holder: holder) }
        recording = []
    }
}
