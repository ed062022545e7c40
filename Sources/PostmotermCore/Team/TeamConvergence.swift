/// How every host turns its local log of a shared incident into the same timeline (issue 15).
///
/// - **Order**: events the store accepted, by server order; then this host's pending events
///   (the outbox), by local sequence. Once every host has sent and fetched everything, they all
///   hold the same accepted events, so they all show the same list.
/// - **Numbers**: events are renumbered 1, 2, 3, … in that order (local sequences differ from
///   host to host), and amendments point at the new numbers.
/// - **Conflicts** (``TeamConflict``), decided in that order: a step done twice counts once,
///   the second "also confirmed by …"; a role taken while another holds it stays with the first;
///   a status set twice (or after resolution) keeps the first; an event amended by a second
///   responder takes the later amendment last. Nothing is dropped: the later event is marked.
///
/// Every host runs the same function on the same accepted events, so `timeline --json` is byte
/// for byte the same everywhere once converged.
public enum TeamConvergence {
    /// The converged events of one incident, renumbered and marked (see the type's summary).
    public static func timeline(_ entries: [TeamLogEntry]) -> [Event] {
        converge(entries).map(\.event)
    }

    /// The conflicts among `entries`, by the events' local sequences: what a console that keeps
    /// local numbers (its amendments name them) marks on its own timeline.
    public static func conflicts(_ entries: [TeamLogEntry]) -> [Int64: (TeamConflict, note: String)] {
        var found: [Int64: (TeamConflict, note: String)] = [:]
        for (local, event) in converge(entries) {
            if let conflict = TeamConflict(event: event) { found[local] = (conflict, event.data[TeamConflict.noteKey] ?? "") }
        }
        return found
    }

    /// Each converged event with the local sequence it had.
    private static func converge(_ entries: [TeamLogEntry]) -> [(local: Int64, event: Event)] {
        let ordered = entries.sorted { lhs, rhs in
            switch (lhs.serverOrder, rhs.serverOrder) {
            case (let l?, let r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return lhs.event.sequence < rhs.event.sequence
            }
        }
        var newSequence: [Int64: Int64] = [:]
        var stepsDone: [String: String] = [:]  // step id -> who marked it done
        var roleHolders: [String: String] = [:]  // lowercased role -> holder
        var status = IncidentStatus.investigating
        var statusSetBy: [IncidentStatus: String] = [:]
        var amendersByTarget: [Int64: String] = [:]  // new sequence -> first amender
        var events: [(local: Int64, event: Event)] = []
        events.reserveCapacity(ordered.count)
        for (index, entry) in ordered.enumerated() {
            var event = entry.event
            let sequence = Int64(index + 1)
            newSequence[event.sequence] = sequence
            event.sequence = sequence
            let who = event.author.name
            var conflict: (TeamConflict, String)?
            switch event.kind {
            case .stepDone:
                let step = event.data["step"] ?? ""
                if let first = stepsDone[step] {
                    conflict = (.alsoConfirmed, "also confirmed by \(who) (done first by \(first))")
                } else {
                    stepsDone[step] = who
                }
            case .stepReopened, .stepSkipped:
                stepsDone[event.data["step"] ?? ""] = nil
            case .roleAssigned:
                let role = (event.data["role"] ?? "").lowercased()
                let holder = event.data["holder"] ?? who
                if let current = roleHolders[role], current != holder {
                    conflict = (.roleHeld, "\(event.data["role"] ?? role) is held by \(current); \(holder) did not take it")
                } else {
                    roleHolders[role] = holder
                }
            case .roleReleased:
                let role = (event.data["role"] ?? "").lowercased()
                if roleHolders[role] == (event.data["holder"] ?? who) { roleHolders[role] = nil }
            case .statusChanged:
                if let target = event.data["to"].flatMap(IncidentStatus.init(rawValue:)) {
                    if status.canChange(to: target) {
                        status = target
                        statusSetBy[target] = who
                    } else {
                        let by = statusSetBy[target].map { " by \($0)" } ?? ""
                        let note = status == target
                            ? "already \(target.rawValue)\(by)"
                            : "already \(status.rawValue)\(statusSetBy[status].map { " by \($0)" } ?? ""); cannot become \(target.rawValue)"
                        conflict = (.statusAlreadySet, note)
                    }
                }
            case .amendment:
                if let target = event.amends {
                    let mapped = newSequence[target] ?? target
                    event.amends = mapped
                    if let first = amendersByTarget[mapped], first != who {
                        conflict = (.alsoAmended, "also amended by \(first); this amendment applies last")
                    } else if amendersByTarget[mapped] == nil {
                        amendersByTarget[mapped] = who
                    }
                }
            default:
                break
            }
            if let (kind, note) = conflict {
                event.data[TeamConflict.dataKey] = kind.rawValue
                event.data[TeamConflict.noteKey] = note
            }
            events.append((entry.event.sequence, event))
        }
        return events
    }

    /// `incident` as its converged `events` leave it: status, mitigation and resolution from the
    /// first status changes that stand (conflicted ones are ignored), times as amended.
    public static func incident(_ incident: Incident, events: [Event]) -> Incident {
        var result = incident
        result.status = .investigating
        result.mitigatedAt = nil
        result.resolvedAt = nil
        var bySequence: [Int64: Event] = [:]
        for event in events {
            bySequence[event.sequence] = event
            guard TeamConflict(event: event) == nil else { continue }
            switch event.kind {
            case .incidentStarted:
                result.startedAt = event.time
            case .statusChanged:
                guard let target = event.data["to"].flatMap(IncidentStatus.init(rawValue:)),
                    result.status.canChange(to: target)
                else { continue }
                result.status = target
                if target == .mitigated { result.mitigatedAt = event.time }
                if target == .resolved { result.resolvedAt = event.time }
            case .amendment:
                guard let target = event.amends.flatMap({ bySequence[$0] }), TeamConflict(event: target) == nil,
                    case .editTime(let time) = Amendment(event: event)
                else { continue }
                result.amendTime(of: target, to: time)
            default:
                break
            }
        }
        return result
    }
}
