/// The postmortem's timeline: one line per visible event in time order, bookkeeping left out
/// (amendments, exports, counter samples), and only repeated status flaps of one instance folded
/// into one line. Every other fact keeps its own line.
///
/// Never folded: weight changes, the first finding of each kind about each instance (or pool),
/// every balancer action, anything starred, and everything that is not a balancer observation.
/// Folded: three or more further status changes of the same instance (`pool/instance` on the
/// same source), each within `flapWindow` of the previous one; the line stands at the time of the
/// first and names the first and last state with their times.
public struct PostmortemTimeline: Sendable {
    /// One line of the timeline.
    public struct Line: Hashable, Sendable {
        public var time: Timestamp
        public var text: String
        /// Who wrote it (`alice (IC)`), for events people write.
        public var attribution: String?
        public var isStarred: Bool
        /// When the event was recorded, if that was at least a minute away from `time` (a backdated note).
        public var loggedAt: Timestamp?
        /// How many events the line stands for (more than one for folded flapping).
        public var eventCount: Int
    }

    /// Status changes further apart than this do not fold (5 minutes).
    public static let flapWindow: Int64 = 5 * 60_000
    /// The fewest status changes that make a run "flapping".
    public static let flapMinimum = 3

    public private(set) var lines: [Line] = []

    /// Whether an entry is bookkeeping rather than a fact of the incident (never a timeline line).
    static func isBookkeeping(_ entry: TimelineEntry) -> Bool {
        entry.kind == .amendment || entry.kind == .export || entry.kind == .balancerCounters
    }

    public init(entries: [TimelineEntry]) {
        var shown: [Int] = []
        shown.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() where !entry.isHidden && !Self.isBookkeeping(entry) {
            shown.append(index)
        }
        // Status changes of one instance after its first, grouped into runs.
        var runOf: [Int: Int] = [:]  // index in `entries` → run id
        var runs: [[Int]] = []
        var openRun: [FlapKey: Int] = [:]  // instance → run id
        var firstSeen = Set<FirstKey>()
        for index in shown {
            let entry = entries[index]
            guard entry.kind == .balancerObservation else { continue }
            // The first finding of each kind about each subject always stands alone.
            if firstSeen.insert(FirstKey(entry)).inserted { continue }
            guard !entry.isStarred, entry.data["finding"] == FindingKind.statusChange.rawValue, entry.data["instance"] != nil
            else { continue }
            let key = FlapKey(entry)
            if let run = openRun[key], let last = runs[run].last,
                entry.time.milliseconds(since: entries[last].time) <= PostmortemTimeline.flapWindow
            {
                runs[run].append(index)
                runOf[index] = run
            } else {
                openRun[key] = runs.count
                runOf[index] = runs.count
                runs.append([index])
            }
        }
        lines.reserveCapacity(shown.count)
        for index in shown {
            let entry = entries[index]
            if let run = runOf[index], runs[run].count >= PostmortemTimeline.flapMinimum {
                guard runs[run][0] == index else { continue }
                let members = runs[run].map { entries[$0] }
                lines.append(
                    Line(
                        time: entry.time, text: PostmortemTimeline.flappingText(members), attribution: nil,
                        isStarred: false, loggedAt: nil, eventCount: members.count))
                continue
            }
            let logged = entry.event.recordedAt
            let isBackdated = abs(logged.milliseconds(since: entry.time)) >= 60_000
            lines.append(
                Line(
                    time: entry.time, text: PostmortemTimeline.describe(entry, attributed: false),
                    attribution: PostmortemTimeline.attribution(entry), isStarred: entry.isStarred,
                    loggedAt: isBackdated ? logged : nil, eventCount: 1))
        }
    }

    /// Whose status flaps: one instance of one pool on one source.
    struct FlapKey: Hashable {
        var source: String?
        var pool: String?
        var instance: String?

        init(_ entry: TimelineEntry) {
            source = entry.data["source"]
            pool = entry.data["pool"]
            instance = entry.data["instance"]
        }
    }

    /// A kind of finding about one subject: its first occurrence is never folded.
    struct FirstKey: Hashable {
        var subject: FlapKey
        var finding: String

        init(_ entry: TimelineEntry) {
            subject = FlapKey(entry)
            finding = entry.data["finding"] ?? ""
        }
    }

    /// Whether the lines span more than one UTC day.
    public var crossesMidnight: Bool {
        guard let first = lines.first, let last = lines.last else { return false }
        return first.time.utcDayNumber != last.time.utcDayNumber
    }

    /// `api/api-2`, `api`, or the source address.
    static func subject(_ data: [String: String]) -> String {
        switch (data["pool"], data["instance"]) {
        case (let pool?, let instance?): return "\(pool)/\(instance)"
        case (let pool?, nil): return pool
        case (nil, let instance?): return instance
        case (nil, nil): return data["source"] ?? "the balancer"
        }
    }

    /// `api/api-3 flapped: 3 status changes, first DOWN → UP at 14:35:00, last DOWN → UP at
    /// 14:38:00 UTC (DOWN → UP ×2, UP → DOWN ×1)`.
    static func flappingText(_ members: [TimelineEntry]) -> String {
        let first = members[0]
        let last = members[members.count - 1]
        func transition(_ entry: TimelineEntry) -> String { "\(entry.data["from"] ?? "?") → \(entry.data["to"] ?? "?")" }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for member in members {
            let change = transition(member)
            if counts[change] == nil { order.append(change) }
            counts[change, default: 0] += 1
        }
        let detail = order.map { "\($0) ×\(counts[$0] ?? 0)" }.joined(separator: ", ")
        return "\(subject(first.data)) flapped: \(members.count) status changes, first \(transition(first)) at \(first.time.hourMinuteSecond), last \(transition(last)) at \(last.time.hourMinuteSecond) UTC (\(detail))"
    }

    /// The line text of one entry.
    static func describe(_ entry: TimelineEntry, attributed: Bool = true) -> String {
        let text = oneLine(entry.text)
        let data = entry.data
        var line: String
        switch entry.kind {
        case .incidentStarted:
            line = "Incident started: \(text)"
            if let severity = data["severity"] { line += " (\(severity))" }
        case .note:
            line = text
        case .actionItem:
            line = "Action item: \(text)"
        case .stepDone:
            line = "Step done: \(text)" + stepID(data)
        case .stepSkipped:
            line = "Step skipped: \(text)" + stepID(data)
            if let reason = data["reason"], !reason.isEmpty { line += " — reason: \(oneLine(reason))" }
        case .stepReopened:
            line = "Step reopened: \(text)" + stepID(data)
        case .roleAssigned:
            if let role = data["role"], let holder = data["holder"] {
                line = "\(holder) took the \(role) role"
            } else {
                line = text
            }
        case .roleReleased:
            if let role = data["role"], let holder = data["holder"] {
                line = "\(holder) handed off the \(role) role"
            } else {
                line = text
            }
        case .statusChanged:
            if let from = data["from"], let to = data["to"] {
                line = "Status changed: \(from) → \(to)"
            } else {
                line = text
            }
        case .balancerObservation:
            line = text.isEmpty ? "Balancer: \(data["finding"] ?? "observation") on \(subject(data))" : text
        case .balancerAction:
            let command = data["command"].map { "`\(oneLine($0))`" } ?? text
            line = "Balancer action on \(subject(data)): \(command)"
            switch data["result"] {
            case "ok": line += " → ok"
            case "error":
                line += " → failed"
                if let answer = data["answer"], !answer.isEmpty { line += ": \(oneLine(answer))" }
            default: break
            }
        case .alertFiring:
            line = "Alert firing: \(text)"
        case .alertResolved:
            line = "Alert resolved: \(text)"
        case .alertSilenced:
            line = "Alert silenced: \(text)"
            if let until = data["until"] { line += " (until \(until))" }
        case .playbookChosen:
            line = "Playbook: \(text)"
        case .amendment, .export, .balancerCounters:
            line = text
        }
        if attributed, let attribution = attribution(entry) { line += " — \(attribution)" }
        return line
    }

    /// `alice (IC)` for events people write; nil for the program's own.
    static func attribution(_ entry: TimelineEntry) -> String? {
        guard entry.kind.isWrittenByResponder || entry.kind == .incidentStarted else { return nil }
        return entry.author.description
    }

    private static func stepID(_ data: [String: String]) -> String {
        data["step"].map { " (`\($0)`)" } ?? ""
    }

    /// Text on one line: line breaks become spaces, surrounding spaces go.
    static func oneLine(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 0xE2 || $0 == 0xC2 || $0 == 11 || $0 == 12 }),
            text.utf8.first != 32, text.utf8.last != 32
        {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character.isNewline {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                result.append(character)
            }
        }
        while result.last == " " { result.removeLast() }
        while result.first == " " { result.removeFirst() }
        return result
    }
}
