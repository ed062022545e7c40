/// An incident's events as people read them: amendments applied (edited text and time, stars,
/// hidden events), amendment events themselves folded away, and everything in the order it
/// happened (by time, then sequence), so backdated notes stand in their place.
///
/// Build it from a whole log, then `apply` events as they arrive when tailing.
public struct TimelineView: Sendable {
    /// Every non-amendment event, hidden ones included (see `visibleEntries`), in timeline order.
    public private(set) var entries: [TimelineEntry] = []
    /// The highest sequence applied so far (pass it to `IncidentStore.events(of:after:limit:)`).
    public private(set) var lastSequence: Int64 = 0
    private var indexBySequence = SequenceIndex()
    /// Amendments whose original has not arrived yet (only with out-of-order input).
    private var pending: [Int64: [Event]] = [:]

    public init() {}

    public init(events: some Sequence<Event>) {
        var amendments: [Event] = []
        entries.reserveCapacity(events.underestimatedCount)
        for event in events {
            lastSequence = max(lastSequence, event.sequence)
            if event.kind == .amendment {
                amendments.append(event)
            } else {
                entries.append(TimelineEntry(event: event))
            }
        }
        reindex()
        amendments.sort { $0.sequence < $1.sequence }
        for amendment in amendments { applyAmendment(amendment, reorder: false) }
        // Usually already in order (only backdated events are not): sort only when needed.
        var sorted = true
        for index in entries.indices.dropFirst() where !entries[index - 1].precedes(entries[index]) {
            sorted = false
            break
        }
        if !sorted {
            entries.sort { $0.precedes($1) }
            reindex()
        }
    }

    /// The entries not hidden, in timeline order.
    public var visibleEntries: [TimelineEntry] {
        // Most timelines hide nothing: then this is the same array, not a copy.
        guard entries.contains(where: \.isHidden) else { return entries }
        return entries.filter { !$0.isHidden }
    }

    /// The entries people read as the story (see `EventKind.isNarrative`), hidden ones included
    /// only with `includingHidden`, in timeline order.
    public func narrativeEntries(includingHidden: Bool = false) -> [TimelineEntry] {
        (includingHidden ? entries : visibleEntries).filter { $0.kind.isNarrative }
    }

    /// The entry of the event with `sequence`, amendments applied.
    public func entry(sequence: Int64) -> TimelineEntry? {
        indexBySequence[sequence].map { entries[$0] }
    }

    /// Adds one more event (a new one or an amendment) to the view.
    public mutating func apply(_ event: Event) {
        lastSequence = max(lastSequence, event.sequence)
        if event.kind == .amendment {
            applyAmendment(event, reorder: true)
            return
        }
        guard indexBySequence[event.sequence] == nil else { return }
        insert(TimelineEntry(event: event))
        if let waiting = pending.removeValue(forKey: event.sequence) {
            for amendment in waiting { applyAmendment(amendment, reorder: true) }
        }
    }

    /// Adds events in order.
    public mutating func apply(contentsOf events: some Sequence<Event>) {
        for event in events { apply(event) }
    }

    private mutating func applyAmendment(_ event: Event, reorder: Bool) {
        guard let target = event.amends, let amendment = Amendment(event: event) else { return }
        guard let index = indexBySequence[target] else {
            pending[target, default: []].append(event)
            return
        }
        guard !entries[index].amendedBy.contains(event.sequence) else { return }
        entries[index].apply(amendment, sequence: event.sequence)
        if reorder, case .editTime = amendment {
            let moved = entries.remove(at: index)
            reindex()
            insert(moved)
        }
    }

    private mutating func insert(_ entry: TimelineEntry) {
        if let last = entries.last, !last.precedes(entry) {
            // Binary search for the first entry that does not precede the new one.
            var low = 0
            var high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].precedes(entry) { low = mid + 1 } else { high = mid }
            }
            entries.insert(entry, at: low)
            reindex(from: low)
        } else {
            indexBySequence[entry.sequence] = entries.count
            entries.append(entry)
        }
    }

    private mutating func reindex(from start: Int = 0) {
        if start == 0 { indexBySequence.removeAll() }
        for index in start..<entries.count { indexBySequence[entries[index].sequence] = index }
    }
}
