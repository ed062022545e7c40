import Foundation

/// The rules every `IncidentStore` applies, as pure functions: what the first event of a new
/// incident is, and whether (and how) a draft becomes an event. Stores call these inside their
/// write transaction, so the rules hold however many processes write.
public enum IncidentLedger {
    /// The incident and its `incidentStarted` event (sequence 1) for `draft`.
    public static func open(
        _ draft: IncidentDraft, id: IncidentID, now: Timestamp
    ) throws(IncidentStoreError) -> (Incident, Event) {
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw .invalidEvent("an incident needs a title") }
        try EventTextLimit.check(title, what: "the title")
        let startedAt = draft.startedAt ?? now
        let incident = Incident(
            id: id, title: title, severity: draft.severity.flatMap { $0.isEmpty ? nil : $0 },
            playbookPath: draft.playbookPath, playbookDigest: draft.playbookDigest, startedAt: startedAt)
        var data: [String: String] = [:]
        data["severity"] = incident.severity
        data["playbookPath"] = incident.playbookPath
        data["playbookDigest"] = incident.playbookDigest
        let event = Event(
            incidentID: id, sequence: 1, recordedAt: now, happenedAt: draft.startedAt, author: draft.author,
            kind: .incidentStarted, text: title, data: data)
        return (incident, event)
    }

    /// The event `draft` becomes as sequence `sequence` of `incident`, and the incident as it is
    /// after the event (changed by a status change, and by an amended time of the start or of a
    /// status change).
    ///
    /// Order is the log's own: a status only moves forward, one event after the other, whatever
    /// the clock says. A clock that jumped (forward to 2035, or back before the start) cannot
    /// wedge an incident: a status change stamped with the clock's `now` is always recorded.
    /// Only a time the user gave (`happenedAt`) is checked for sanity, against the start and
    /// mitigation times as amended so far (amending a time is how a wrong stamp is put right).
    ///
    /// - Parameter eventAt: looks up an existing event of this incident by sequence (nil when
    ///   there is none); used to check amendments and to apply amended times.
    public static func record(
        _ draft: EventDraft, in incident: Incident, sequence: Int64, now: Timestamp,
        eventAt: (Int64) throws -> Event?
    ) throws -> (Event, Incident) {
        guard !draft.author.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IncidentStoreError.invalidEvent("the author has no name")
        }
        try EventTextLimit.check(draft.text, what: draft.kind == .note || draft.kind == .actionItem ? "the note" : "the text")
        var updated = incident
        var data = draft.data
        var text = draft.text
        switch draft.kind {
        case .incidentStarted:
            throw IncidentStoreError.invalidEvent("incidentStarted is recorded only when an incident is created")
        case .note, .actionItem:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw IncidentStoreError.invalidEvent("the note is empty")
            }
        case .statusChanged:
            guard let target = data["to"].flatMap(IncidentStatus.init(rawValue:)),
                incident.status.canChange(to: target)
            else {
                throw IncidentStoreError.invalidStatusChange(
                    incident: incident.id, from: incident.status, to: data["to"] ?? "(nothing)")
            }
            data["from"] = incident.status.rawValue
            if text.isEmpty { text = "Status changed from \(incident.status.rawValue) to \(target.rawValue)" }
            if let at = draft.happenedAt {
                if at < incident.startedAt {
                    throw IncidentStoreError.invalidEvent(
                        "\(target.rawValue) at \(at.iso8601) is before the incident started (\(incident.startedAt.iso8601))")
                }
                if target == .resolved, let mitigatedAt = incident.mitigatedAt, at < mitigatedAt {
                    throw IncidentStoreError.invalidEvent(
                        "resolved at \(at.iso8601) is before it was mitigated (\(mitigatedAt.iso8601)); if that time is wrong, amend it first")
                }
            }
            let at = draft.happenedAt ?? now
            updated.status = target
            switch target {
            case .mitigated: updated.mitigatedAt = at
            case .resolved: updated.resolvedAt = at
            case .investigating: break
            }
        case .amendment:
            guard let target = draft.amends else {
                throw IncidentStoreError.invalidEvent("an amendment must name the event it amends")
            }
            guard let amended = try eventAt(target), amended.kind != .amendment else {
                throw IncidentStoreError.amendedEventNotFound(incident: incident.id, sequence: target)
            }
            guard let amendment = Amendment(name: data["amendment"], text: text, happenedAt: data["happenedAt"]) else {
                throw IncidentStoreError.invalidEvent("unknown or incomplete amendment '\(data["amendment"] ?? "")'")
            }
            if case .editTime(let time) = amendment {
                updated.amendTime(of: amended, to: time)
            }
        case .playbookChosen:
            guard let path = data["playbookPath"], !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw IncidentStoreError.invalidEvent("playbookChosen needs the playbook's path (data playbookPath)")
            }
        case .stepDone, .stepSkipped, .stepReopened, .roleAssigned, .roleReleased, .balancerObservation,
            .balancerAction, .export, .balancerCounters, .alertFiring, .alertResolved, .alertSilenced:
            break
        }
        if draft.kind != .amendment, draft.amends != nil {
            throw IncidentStoreError.invalidEvent("only amendments may reference another event")
        }
        let event = Event(
            incidentID: incident.id, sequence: sequence, recordedAt: now, happenedAt: draft.happenedAt,
            author: draft.author, kind: draft.kind, text: text, data: data, amends: draft.amends)
        return (event, updated)
    }
}

extension Incident {
    /// Moves the time `event` stamped on the incident (its start, mitigation or resolution) to
    /// `time`; other events leave the incident as it is.
    mutating func amendTime(of event: Event, to time: Timestamp) {
        switch event.kind {
        case .incidentStarted:
            startedAt = time
        case .statusChanged:
            switch event.data["to"].flatMap(IncidentStatus.init(rawValue:)) {
            case .mitigated: mitigatedAt = time
            case .resolved: resolvedAt = time
            case .investigating, nil: break
            }
        default:
            break
        }
    }
}
