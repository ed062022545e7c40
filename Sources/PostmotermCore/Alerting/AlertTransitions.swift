/// Turns successive ``AlertSnapshot``s of one Alertmanager into the timeline's `alertFiring` and
/// `alertResolved` events: each alert episode (a fingerprint and its `startsAt`) fires once and
/// resolves once, at the alert's own times, never at the poll's.
///
/// - An alert in a snapshot that was not recorded firing fires at its `startsAt` (so those
///   already firing when the incident starts are recorded too, before its start).
/// - A recorded alert resolves at its `endsAt` when a snapshot shows it ended, or when it leaves
///   Alertmanager's list (the API leaves resolved alerts out): at the last `endsAt` seen when
///   that has passed (it expired), else at the snapshot's time (the first time known resolved).
/// - It survives restarts and other consoles: ``init(source:recorded:)`` reads what the log
///   already holds, so nothing is recorded twice.
public struct AlertTransitions: Sendable {
    /// The Alertmanager (its masked address), written into every event as `source`.
    public let source: String
    /// The episodes recorded firing and not yet resolved, by fingerprint.
    public var firing: [String: Alert] { open.mapValues(\.alert) }
    /// The episodes recorded firing and not yet resolved, by fingerprint, with the last snapshot
    /// that showed each. Each one's key is in `fired` and not in `resolved`.
    private var open: [String: OpenEpisode] = [:]
    /// The episodes already recorded as fired / resolved.
    private var fired: Set<EpisodeKey> = []
    private var resolved: Set<EpisodeKey> = []
    /// How many snapshots were observed (an open episode's `seen` is the last that showed it).
    private var snapshots = 0
    /// Silences created from a console (logged) and those already announced as expired.
    private var loggedSilences: Set<String> = []
    private var announcedExpiries: Set<String> = []
    /// When this value first saw the silences: a silence that expires after it is announced.
    private var watchingSilencesSince: Timestamp?

    /// Knows what `recorded` (the incident's events) holds for `source` already.
    public init(source: String, recorded: [Event] = []) {
        self.source = source
        learn(recorded)
    }

    /// Takes in events recorded since (by this or another console), so they are not recorded again.
    public mutating func learn(_ events: [Event]) {
        for event in events where event.data["source"] == source {
            if event.kind == .alertSilenced, let id = event.data["silenceID"] {
                if event.data["state"] == "expired" { announcedExpiries.insert(id) } else { loggedSilences.insert(id) }
                continue
            }
            guard let fingerprint = event.data["fingerprint"], let startsAt = event.data["startsAt"],
                let start = TimeParser.parseISO8601(startsAt)
            else { continue }
            let key = Self.key(fingerprint, start)
            switch event.kind {
            case .alertFiring:
                fired.insert(key)
                if !resolved.contains(key) {
                    open[fingerprint] = OpenEpisode(alert: Self.alert(from: event, fingerprint: fingerprint, startsAt: start), seen: 0)
                }
            case .alertResolved:
                resolved.insert(key)
                if let episode = open[fingerprint], Self.key(fingerprint, episode.alert.startsAt) == key { open[fingerprint] = nil }
            default:
                continue
            }
        }
    }

    /// The events `snapshot` adds to the record, in time order.
    ///
    /// An alert whose episode is open and still firing (every alert between Prometheus's
    /// re-sends, where only `updatedAt` and `endsAt` move) costs one look-up: it is kept as the
    /// episode's latest (its `endsAt` is when it resolves if it leaves the list).
    public mutating func observe(_ snapshot: AlertSnapshot) -> [EventDraft] {
        snapshots += 1
        let current = snapshots
        var drafts: [EventDraft] = []
        for alert in snapshot.alerts {
            if let index = open.index(forKey: alert.fingerprint), open.values[index].alert.startsAt == alert.startsAt,
                alert.isFiring(at: snapshot.takenAt) {
                open.values[index] = OpenEpisode(alert: alert, seen: current)
                continue
            }
            let key = Self.key(alert.fingerprint, alert.startsAt)
            if let episode = open[alert.fingerprint], episode.alert.startsAt != alert.startsAt {
                // The same labels fired again: the earlier episode ended before this one began.
                drafts.append(resolve(episode.alert, at: min(episode.alert.endsAt ?? alert.startsAt, alert.startsAt)))
            }
            if !fired.contains(key) {
                fired.insert(key)
                drafts.append(draft(.alertFiring, alert, at: alert.startsAt))
            }
            if alert.isFiring(at: snapshot.takenAt) {
                if !resolved.contains(key) { open[alert.fingerprint] = OpenEpisode(alert: alert, seen: current) }
            } else if !resolved.contains(key), let endsAt = alert.endsAt {
                drafts.append(resolve(alert, at: endsAt))
            }
        }
        // Those the snapshot did not show left Alertmanager's list (an episode still open with
        // a fingerprint the snapshot had was kept by it: `seen` says which).
        for (_, episode) in open where episode.seen != current {
            let at = episode.alert.endsAt.map { min($0, snapshot.takenAt) } ?? snapshot.takenAt
            drafts.append(resolve(episode.alert, at: at))
        }
        guard drafts.count > 1 else { return drafts }
        return drafts.sorted { ($0.happenedAt ?? snapshot.takenAt) < ($1.happenedAt ?? snapshot.takenAt) }
    }

    /// The `alertSilenced` events (state `expired`) for silences that ran out while watched, or
    /// that a console made: each once, at the silence's own end.
    public mutating func observe(silences: [AlertSilence], at time: Timestamp) -> [EventDraft] {
        let since = watchingSilencesSince ?? time
        watchingSilencesSince = since
        var drafts: [EventDraft] = []
        for silence in silences where silence.state == .expired && !announcedExpiries.contains(silence.id) {
            guard silence.endsAt >= since || loggedSilences.contains(silence.id) else { continue }
            announcedExpiries.insert(silence.id)
            drafts.append(Self.silenceDraft(silence, state: "expired", source: source, author: .postmoterm, at: silence.endsAt))
        }
        return drafts
    }

    /// Keeps watching silences from when `other` began (a lease lost and taken back).
    mutating func adoptSilenceWatch(from other: AlertTransitions) {
        watchingSilencesSince = other.watchingSilencesSince
    }

    /// An `alertSilenced` event: `state` `created` (by `author`, now) or `expired`.
    public static func silenceDraft(
        _ silence: AlertSilence, state: String, source: String, author: Author, at time: Timestamp, fingerprint: String? = nil
    ) -> EventDraft {
        let name = silence.matchers.first { $0.name == "alertname" && $0.isEqual && !$0.isRegex }?.value ?? "alerts"
        var data = ["source": source, "silenceID": silence.id, "until": silence.endsAt.iso8601, "comment": silence.comment,
                    "state": state, "alertname": name]
        data["fingerprint"] = fingerprint
        let text = state == "expired"
            ? "Silence of \(name) expired (\(silence.comment))"
            : "\(name) silenced by \(author.name) until \(silence.endsAt.dateTimeUTC): \(silence.comment)"
        return EventDraft(kind: .alertSilenced, text: text, author: author, happenedAt: time, data: data)
    }

    private mutating func resolve(_ alert: Alert, at time: Timestamp) -> EventDraft {
        resolved.insert(Self.key(alert.fingerprint, alert.startsAt))
        open[alert.fingerprint] = nil
        var ended = alert
        ended.endsAt = time
        return draft(.alertResolved, ended, at: time)
    }

    private func draft(_ kind: EventKind, _ alert: Alert, at time: Timestamp) -> EventDraft {
        var data = ["source": source, "fingerprint": alert.fingerprint, "alertname": alert.name,
                    "startsAt": alert.startsAt.iso8601, "labels": alert.labelLine]
        data["severity"] = alert.severity
        data["summary"] = alert.summary
        data["runbookURL"] = alert.runbookURL
        if kind == .alertResolved { data["endsAt"] = time.iso8601 }
        var text = alert.name
        if let summary = alert.summary, !summary.isEmpty { text += ": " + summary }
        if text.count > 500 { text = String(text.prefix(500)) + "…" }
        return EventDraft(kind: kind, text: text, author: .postmoterm, happenedAt: time, data: data)
    }

    private static func key(_ fingerprint: String, _ startsAt: Timestamp) -> EpisodeKey {
        EpisodeKey(fingerprint: fingerprint, startsAt: startsAt.millisecondsSinceEpoch)
    }

    /// One alert episode: its fingerprint and when it began.
    private struct EpisodeKey: Hashable, Sendable {
        var fingerprint: String
        var startsAt: Int64
    }

    /// An episode recorded firing and not resolved: its latest alert, and the last snapshot
    /// (by count) that showed it.
    private struct OpenEpisode: Sendable {
        var alert: Alert
        var seen: Int
    }

    /// The alert an `alertFiring` event describes, as far as its data says.
    private static func alert(from event: Event, fingerprint: String, startsAt: Timestamp) -> Alert {
        var labels = ["alertname": event.data["alertname"] ?? "?"]
        labels["severity"] = event.data["severity"]
        var annotations: [String: String] = [:]
        annotations["summary"] = event.data["summary"]
        annotations["runbook_url"] = event.data["runbookURL"]
        return Alert(fingerprint: fingerprint, labels: labels, annotations: annotations, startsAt: startsAt)
    }
}
