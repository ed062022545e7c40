import Foundation
import PostmotermCore

/// Everything the console shows, as plain values. Only ``ConsoleReducer`` changes it.
public struct ConsoleState: Sendable, Hashable {
    // Identity and settings.
    public var incident: IncidentHeader
    public var playbook: PlaybookOutline
    public var me: String
    public var readOnly: Bool

    // The world as last seen.
    public var size: TerminalSize
    public var now: Date
    public var sources: [SourceStatus]
    public private(set) var healthBySource: [String: [HealthRow]] = [:]
    /// All instances of all sources, worst first.
    public private(set) var health: [HealthRow] = []
    /// Counts over ``health`` for the pane's title (kept with it, so drawing never scans it).
    public private(set) var healthSummary = HealthSummary()
    /// Each instance's recent history (sparklines, the instance detail view).
    public internal(set) var trends = InstanceTrends()
    /// The instances' process metrics (Prometheus, `--metrics`).
    public var metrics = ConsoleMetrics()

    // The incident log, and what is derived from it.
    public internal(set) var entries: [Int64: ConsoleEvent] = [:]
    public internal(set) var pending: [Int: TimelineDraft] = [:]
    public internal(set) var nextToken = 1
    /// Newest first, amendments applied, pending changes included.
    public private(set) var timeline: [TimelineItem] = []
    public private(set) var steps: [String: StepProgress] = [:]
    /// Role id → who holds it.
    public private(set) var roleHolders: [String: String] = [:]

    /// The Alertmanagers watched (``AlertSourceView``), and their alerts in pane order.
    public var alertSources: [AlertSourceView] = [] {
        didSet { (alertRows, alertRowOrder) = AlertRow.ordered(alertSources, previous: oldValue, order: alertRowOrder) }
    }
    public private(set) var alertRows: [AlertRow] = []
    /// The order `alertRows` were sorted in (``AlertRow/ordered(_:previous:order:)``).
    private var alertRowOrder: [Int] = []

    // Interaction.
    public var focus: Pane = .playbook
    public var mode: ConsoleMode = .normal
    public var notice: Notice?
    public var filters: [Pane: String] = [:]
    /// Show only the steps of roles I hold.
    public var mineOnly = false
    public var playbookCursor = 0
    public var healthCursor = 0
    /// Pools folded to their `BACKEND` row (Space in the health pane).
    public private(set) var collapsedPools: Set<HealthPoolKey> = []
    /// Health columns hidden with the column picker (`c`).
    public var hiddenHealthColumns: Set<HealthColumnID> = []
    public var timelineCursor = 0
    public var alertsCursor = 0
    /// First row shown of the help screen when it does not fit.
    public var helpOffset = 0
    /// Set once the quit was confirmed.
    public var quitting = false
    /// The team store's state for the header (nil: local only; issue 15).
    public var team: TeamStatus?

    public init(
        incident: IncidentHeader, playbook: PlaybookOutline, me: String, readOnly: Bool = false,
        sources: [SourceStatus] = [], alertSources: [AlertSourceView] = [], size: TerminalSize = TerminalSize(columns: 80, rows: 24), now: Date
    ) {
        self.incident = incident
        self.playbook = playbook
        self.me = me
        self.readOnly = readOnly
        self.sources = sources
        self.alertSources = alertSources
        (alertRows, alertRowOrder) = AlertRow.ordered(alertSources)
        self.size = size
        self.now = now
    }

    /// The roles I hold, in playbook order (then any others).
    public var myRoles: [String] {
        roleHolders.filter { $0.value == me }.map(\.key).sorted { lhs, rhs in
            let order = playbook.roles.map { $0.id.lowercased() }
            let left = order.firstIndex(of: lhs.lowercased()) ?? Int.max
            let right = order.firstIndex(of: rhs.lowercased()) ?? Int.max
            return left == right ? lhs < rhs : left < right
        }
    }

    /// Whether a step has a change waiting for the store.
    public func isPending(step id: String) -> Bool {
        pending.values.contains { draft in
            switch draft.kind {
            case .stepDone(let step), .stepSkipped(let step), .stepReopened(let step): step == id
            default: false
            }
        }
    }

    // MARK: - Updates from outside

    /// Adds events from the store (acknowledged), ignoring ones already known.
    mutating func absorb(_ newEntries: [ConsoleEvent]) {
        var changed = false
        for entry in newEntries where entries[entry.id] != entry {
            entries[entry.id] = entry
            changed = true
        }
        if changed { rebuildTimeline() }
    }

    mutating func addPending(_ draft: TimelineDraft) -> Int {
        let token = nextToken
        nextToken += 1
        pending[token] = draft
        rebuildTimeline()
        return token
    }

    mutating func resolvePending(_ token: Int) {
        if pending.removeValue(forKey: token) != nil { rebuildTimeline() }
    }

    /// Takes `rows` as `source`'s instances and re-derives the worst-first list and its counts, in
    /// time linear in the rows (a 1,000-instance table changes every poll under traffic).
    mutating func replaceHealth(source: String, rows: [HealthRow]) {
        healthBySource[source] = rows
        trends.record(source: source, rows: rows, at: now)
        rearrangeHealth()
    }

    /// Folds or unfolds `pool` and orders the table again.
    mutating func toggleCollapsed(_ pool: HealthPoolKey) {
        if collapsedPools.remove(pool) == nil { collapsedPools.insert(pool) }
        rearrangeHealth()
    }

    /// Re-derives ``health`` (``HealthLayout``) and its counts from the sources' rows.
    private mutating func rearrangeHealth() {
        let all = healthBySource.count == 1 ? healthBySource.first?.value ?? [] : healthBySource.keys.sorted().flatMap { healthBySource[$0] ?? [] }
        health = HealthLayout.arrange(all, collapsed: collapsedPools)
        var summary = HealthSummary()
        var firstPool: String?
        var longestInstance = 0, longestQualified = 0, longestSummaryRow = 0
        // Through the buffer, each row read in place: a `for row in all` copied every row.
        all.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                switch rows[index].kind {
                case .backend: longestSummaryRow = max(longestSummaryRow, rows[index].pool.utf8.count + 10)  // "- api BACKEND"
                case .frontend: longestSummaryRow = max(longestSummaryRow, rows[index].instance.utf8.count + 9)  // "www FRONTEND"
                case .server:
                    summary.instances += 1
                    if firstPool == nil { firstPool = rows[index].pool }
                    if rows[index].status.settled == .down { summary.down += 1 }
                    if rows[index].skewed { summary.skewed += 1 }
                    if rows[index].breaker == .open { summary.breakersOpen += 1 }
                    if !summary.multiplePools, rows[index].pool != firstPool { summary.multiplePools = true }
                    longestInstance = max(longestInstance, rows[index].instance.utf8.count)
                    longestQualified = max(longestQualified, rows[index].pool.utf8.count + 1 + rows[index].instance.utf8.count)
                }
            }
        }
        summary.longestName = max(longestSummaryRow, summary.multiplePools ? longestQualified : longestInstance)
        healthSummary = summary
    }

    /// `rows` by severity, highest first; equal severity keeps the balancer's own order
    /// (``HealthLayout/worstFirst(_:severities:)``); `rows` itself, uncopied, when they all have
    /// the same one — the usual quiet table.
    static func worstFirst(_ rows: [HealthRow]) -> [HealthRow] {
        let severities = rows.map(\.severity)
        let order = HealthLayout.worstFirst(Array(rows.indices), severities: severities)
        guard order != Array(rows.indices) else { return rows }
        return order.map { rows[$0] }
    }

    /// Re-derives the timeline, step states, role holders and status from the events.
    mutating func rebuildTimeline() {
        let ordered = entries.values.sorted { $0.id < $1.id }
        var items: [Int64: TimelineItem] = [:]
        var stepStates: [String: StepProgress] = [:]
        var holders: [String: String] = [:]
        var status: IncidentStatus?
        var resolvedAt: Date?
        for entry in ordered {
            switch entry.kind {
            case .amendment(let target, let change):
                guard var item = items[target] else { continue }
                switch change {
                case .star: item.starred = true
                case .unstar: item.starred = false
                case .hide: item.hidden = true
                case .unhide: item.hidden = false
                case .text(let text):
                    item.entry.text = text
                    item.edited = true
                case .time(let time):
                    item.entry.happenedAt = time
                    item.edited = true
                }
                items[target] = item
                continue
            case .bookkeeping:
                continue
            case .stepDone(let step):
                stepStates[step] = StepProgress(state: .done, by: entry.author, at: entry.time)
            case .stepSkipped(let step):
                stepStates[step] = StepProgress(state: .skipped(reason: entry.text), by: entry.author, at: entry.time)
            case .stepReopened(let step):
                stepStates[step] = nil
            case .roleAssigned(let role, let holder):
                holders[role] = holder
            case .roleReleased(let role, let holder):
                if holders[role] == holder { holders[role] = nil }
            case .statusChanged(let newStatus):
                status = newStatus
                if newStatus == .resolved { resolvedAt = entry.time }
            default:
                break
            }
            items[entry.id] = TimelineItem(entry: entry)
        }
        var list = Array(items.values)
        for (token, draft) in pending {
            let entry = ConsoleEvent(
                id: -Int64(token), recordedAt: draft.happenedAt ?? now, author: draft.author, role: draft.role,
                kind: draft.kind, text: draft.text)
            if case .amendment = draft.kind { continue }
            list.append(TimelineItem(entry: entry, pending: true))
        }
        list.sort { lhs, rhs in
            if lhs.entry.time != rhs.entry.time { return lhs.entry.time > rhs.entry.time }
            if lhs.pending != rhs.pending { return lhs.pending }
            return lhs.entry.id > rhs.entry.id
        }
        timeline = list
        steps = stepStates
        roleHolders = holders
        if let status { incident.status = status }
        if let resolvedAt { incident.resolvedAt = resolvedAt }
    }

    // MARK: - What the panes list

    /// Steps shown in the playbook pane after the filter and "my role's steps".
    public var visibleSteps: [OutlineStep] {
        let mine = Set(myRoles.map { $0.lowercased() })
        let filter = (filters[.playbook] ?? "").lowercased()
        var result: [OutlineStep] = []
        for phase in playbook.phases {
            for step in phase.steps {
                if mineOnly {
                    guard let role = step.role, mine.contains(role.lowercased()) else { continue }
                }
                if !filter.isEmpty, !step.text.lowercased().contains(filter),
                    !(step.role?.lowercased().contains(filter) ?? false)
                {
                    continue
                }
                result.append(step)
            }
        }
        return result
    }

    /// Instances shown in the health pane after the filter.
    public var visibleHealth: [HealthRow] {
        let filter = (filters[.health] ?? "").lowercased()
        guard !filter.isEmpty else { return health }
        return health.filter {
            $0.instance.lowercased().contains(filter) || $0.pool.lowercased().contains(filter)
                || $0.status.label.lowercased().contains(filter)
        }
    }

    /// Timeline rows shown after the filter.
    public var visibleTimeline: [TimelineItem] {
        let filter = (filters[.timeline] ?? "").lowercased()
        guard !filter.isEmpty else { return timeline }
        return timeline.filter {
            $0.entry.text.lowercased().contains(filter) || $0.entry.author.lowercased().contains(filter)
        }
    }

    public var selectedStep: OutlineStep? {
        let steps = visibleSteps
        guard !steps.isEmpty else { return nil }
        return steps[min(max(0, playbookCursor), steps.count - 1)]
    }

    public var selectedHealthRow: HealthRow? {
        let rows = visibleHealth
        guard !rows.isEmpty else { return nil }
        return rows[min(max(0, healthCursor), rows.count - 1)]
    }

    public var selectedTimelineItem: TimelineItem? {
        let items = visibleTimeline
        guard !items.isEmpty else { return nil }
        return items[min(max(0, timelineCursor), items.count - 1)]
    }
}
