/// What an event records. Events of every kind carry a human `text` and a flat `data` map of
/// strings; these are the keys each kind writes (writers must follow them, the postmortem
/// exporter and the console read them):
///
/// - `incidentStarted` — written by the store when an incident is created (sequence 1).
///   text = the title; data: `severity`, `playbookPath`, `playbookDigest` when known.
/// - `note` — text = what the responder wrote. data: `statusChange` = the status (`mitigated`,
///   `resolved`) when the words came with `mitigate`/`resolve` (``EventDraft/statusNote(_:with:author:happenedAt:)``);
///   otherwise none.
/// - `actionItem` — a note marked as a follow-up task (`log --action-item`); it becomes a task
///   in the postmortem's **Specific tasks**. text = the task. No data.
/// - `stepDone`, `stepSkipped`, `stepReopened` — a playbook step. data: `step` = the step id;
///   text = the step's text; for `stepSkipped` also `reason` = why it was skipped.
/// - `roleAssigned`, `roleReleased` — data: `role` = the role id (e.g. `ic`), `holder` = the person.
/// - `statusChanged` — data: `from`, `to` = `IncidentStatus` raw values. Appending one moves the
///   incident (the store checks the move and fills `from`); use `EventDraft.statusChange`.
/// - `balancerObservation` — written from the balancer's findings. data: `finding` = one of
///   `statusChange`, `weightChange`, `weightSkew`, `breakerOpen`, `breakerHalfOpen`,
///   `breakerClosed`, `poolDown`, `poolRecovered`, `errorRate`, `errorRateRecovered`,
///   `sourceUnreachable`, `sourceGarbage`, `sourceRecovered`; `source` (a masked address, never
///   credentials), `pool`, `instance`, and where relevant `from`, `to` (e.g. server status
///   `UP`/`DOWN`), `share` (percent of traffic, e.g. `83.3`), `fairShare`, `errorPercent`
///   (5xx percent, e.g. `41.2`), `status`. text = a sentence for people.
/// - `balancerAction` — a command sent to the balancer. data: `source`, `pool`, `instance`,
///   `command`, `result` (`ok` or `error`), `answer` (what the balancer replied).
/// - `amendment` — changes how another event reads; `Event.amends` names the original's
///   sequence. data: `amendment` = `editText` | `editTime` | `star` | `unstar` | `hide` | `unhide`;
///   for `editText` text = the new text; for `editTime` data `happenedAt` = the new time
///   (ISO 8601). Build them with `EventDraft.amendment(of:_:author:)`; read with `Amendment(event:)`.
/// - `export` — a postmortem draft was written. data: `path`, `format` (`markdown` | `json`),
///   `sha256` (of the bytes written: `DraftFileRule` overwrites only that content).
/// - `balancerCounters` — bookkeeping: one sample of a balancer's cumulative request and 5xx
///   counters (``CounterSample``), written by the recording console at its first poll, once a
///   minute, around a counter reset and when it stops. data: `source` (masked), `sample`
///   (`first` | `minute` | `beforeReset` | `reset` | `last`), and per pool `pool.NAME`, per
///   instance `instance.POOL/NAME` = `REQUESTS 5XX` (decimal, a 5xx count of `-` when the
///   balancer reports none). Never a timeline line; the draft's impact is computed from them.
///   Since the per-instance history (``CounterHistoryBucket``, 10-second buckets kept beside the
///   events) a recorder writes the pools only; per-instance keys are read in older logs.
/// - `alertFiring`, `alertResolved` — an Alertmanager alert fired or resolved, recorded once per
///   alert and transition by the recording console; `happenedAt` is the alert's own `startsAt`
///   (firing) or `endsAt` (resolved), never the poll's time. text = a sentence for people (the
///   alertname and its summary). data: `source` (the Alertmanager URL, masked), `fingerprint`,
///   `alertname`, `severity`, `summary`, `runbookURL` (each only when the alert has it),
///   `startsAt`, `endsAt` (ISO 8601; `endsAt` for resolved alerts), `labels` (all labels as one
///   line `name="value", …` sorted by name). Every value is the alert's text as received: inert,
///   sanitised where shown.
/// - `alertSilenced` — a silence on an alert: made from the console (`author` is who made it),
///   or announced when it expires. data: `source`, `fingerprint`, `alertname`, `silenceID`,
///   `until` (ISO 8601, the silence's end), `comment`, `state` (`created` | `expired`).
public enum EventKind: String, CaseIterable, Codable, Hashable, Sendable {
    case incidentStarted
    case note
    case actionItem
    case stepDone
    case stepSkipped
    case stepReopened
    case roleAssigned
    case roleReleased
    case statusChanged
    case balancerObservation
    case balancerAction
    case amendment
    case export
    case balancerCounters
    case alertFiring
    case alertResolved
    case alertSilenced

    /// Kinds a person writes by hand (as opposed to program-written observations and bookkeeping).
    public var isWrittenByResponder: Bool {
        switch self {
        case .note, .actionItem, .stepDone, .stepSkipped, .stepReopened, .roleAssigned, .roleReleased,
            .statusChanged, .balancerAction, .alertSilenced:
            return true
        case .incidentStarted, .balancerObservation, .amendment, .export, .balancerCounters, .alertFiring, .alertResolved:
            return false
        }
    }

    /// Whether events of this kind are part of the story people read (the console's timeline
    /// pane, the plain `postmoterm timeline`): every kind but bookkeeping (`balancerCounters`,
    /// data for the draft's impact figures). Amendments count: they change how a narrative event
    /// reads. The store, `timeline --json` and the draft keep every event.
    public var isNarrative: Bool {
        self != .balancerCounters
    }
}
