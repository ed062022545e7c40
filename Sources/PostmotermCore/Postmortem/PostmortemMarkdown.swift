import Foundation

/// Renders the postmortem draft as Markdown, in the shape responders already write (title and
/// facts, Issue Summary, Timeline, Root Cause and Resolution, Corrective and Preventative
/// Measures with Specific tasks) plus what Google's SRE template and PagerDuty's add (measured
/// figures, detection, lessons learned, responders and roles).
///
/// Everything written is either read from the log or a clearly marked prompt for a human
/// (`> _TODO(human): …_`); the draft never invents a sentence about impact or cause.
struct PostmortemMarkdown {
    let input: PostmortemInput
    let timeline: TimelineView
    /// The entries not hidden, in timeline order (computed once: a timeline may be 100,000 long).
    let visible: [TimelineEntry]
    let figures: IncidentFigures
    let milestones: IncidentMilestones
    let lines: PostmortemTimeline
    var out = ""

    init(_ input: PostmortemInput) {
        self.input = input
        timeline = TimelineView(events: input.events)
        visible = timeline.visibleEntries
        var figures = IncidentFigures(incident: input.incident, visibleEntries: visible)
        figures.impact.traffic.addInstances(from: input.history)
        self.figures = figures
        milestones = IncidentMilestones(incident: input.incident, visibleEntries: visible)
        lines = PostmortemTimeline(entries: visible)
    }

    static func prompt(_ text: String) -> String { "> _TODO(human): \(text)_" }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) %" : String(format: "%.1f %%", value)
    }

    /// Always with `decimals` digits: `3.2 %`, `0.0 %`.
    static func percent(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f %%", value)
    }

    /// `Pool api: 691 requests, 22 5xx (3.2 %)`.
    static func trafficLine(_ count: CounterTraffic.Count, subject: String) -> String {
        var text = "\(subject): \(count.requests) requests"
        if count.has5xx {
            text += ", \(count.responses5xx) 5xx"
            if let share = count.errorPercent { text += " (\(percent(share, decimals: 1)))" }
        }
        return text
    }

    mutating func render() -> String {
        out.reserveCapacity(128 + lines.lines.count * 80)
        header()
        responders()
        summary()
        measuredFigures()
        timelineSection()
        rootCause()
        measures()
        lessons()
        supporting()
        return out
    }

    mutating func line(_ text: String = "") {
        out.append(text)
        out.append("\n")
    }

    // MARK: Sections

    private mutating func header() {
        let incident = input.incident
        line("# Postmortem: \(PostmortemTimeline.oneLine(incident.title))")
        line()
        line("- **Incident:** `\(incident.id)`")
        line("- **Date:** \(incident.startedAt.longDate)")
        if let severity = incident.severity {
            line("- **Severity:** \(severity)")
        } else {
            line("- **Severity:** _TODO(human): not recorded; how severe was it?_")
        }
        line("- **Status:** Draft (incident \(incident.status.rawValue))")
        if let path = incident.playbookPath {
            // In the one stored form (`sha256:<hex>`) whatever spelling an older database holds.
            let digest = incident.playbookDigest.map { " (\(PlaybookDigest($0)?.description ?? $0))" } ?? ""
            line("- **Playbook:** `\(path)`\(digest)")
        }
        line("- **Postmortem owner:** _TODO(human): who owns and reviews this postmortem?_")
        line()
    }

    private mutating func responders() {
        line("## Responders")
        line()
        let responders = Responder.from(entries: visible)
        if responders.isEmpty {
            line(Self.prompt("nobody is recorded in the log; who responded?"))
        }
        for responder in responders {
            let roles = responder.roles.map { span -> String in
                switch (span.from, span.until) {
                case (let from?, let until?): return "\(span.role) (\(from.hourMinuteSecond)–\(until.hourMinuteSecond) UTC)"
                case (let from?, nil): return "\(span.role) (from \(from.hourMinuteSecond) UTC)"
                default: return span.role
                }
            }
            line(roles.isEmpty ? "- \(responder.name)" : "- \(responder.name) — \(roles.joined(separator: ", "))")
        }
        line()
    }

    private mutating func summary() {
        let incident = input.incident
        line("## Issue Summary")
        line()
        let start = figures.startedAt
        if let end = figures.resolvedAt {
            let length = ElapsedTime(from: start, to: end).spelledOut
            if start.utcDayNumber == end.utcDayNumber {
                line("**Duration:** \(length), from \(start.hourMinuteSecond) to \(end.hourMinuteSecond) UTC on \(start.longDate).")
            } else {
                line(
                    "**Duration:** \(length), from \(start.hourMinuteSecond) UTC on \(start.longDate) to \(end.hourMinuteSecond) UTC on \(end.longDate).")
            }
        } else {
            let sofar = ElapsedTime(from: start, to: input.generatedAt).spelledOut
            line(
                "**Duration:** ongoing — started \(start.hourMinuteSecond) UTC on \(start.longDate), not resolved when this draft was generated (\(input.generatedAt.hourMinuteSecond) UTC on \(input.generatedAt.longDate), \(sofar) in).")
        }
        line()
        line("**Impact:**")
        line()
        line(Self.prompt("who and what was affected (users, requests, regions), how badly and for how long. The log cannot say."))
        let impact = figures.impact
        if impact.observationCount > 0 || impact.traffic.sampleCount > 0 {
            line()
            line("What the balancer recorded:")
            line()
            balancerImpactLines(impact)
        }
        if !input.charts.isEmpty {
            line()
            for chart in input.charts { line("![\(chart.title)](\(chart.path))") }
        }
        line()
        line("**Root cause:**")
        line()
        line(Self.prompt("the underlying cause, in one or two sentences."))
        line()
        line("**Trigger:**")
        line()
        line(Self.prompt("what set it off (a deploy, a config change, traffic, a dependency)?"))
        line()
        triggerCandidates()
        line("**Detection:**")
        line()
        detection(start: start)
        if milestones.detected != nil {
            // The alert is on record (above): ask only what the log cannot say.
            line(Self.prompt("could \(incident.status == .resolved ? "it" : "this") have been noticed sooner, or by a better alert?"))
        } else {
            line(Self.prompt("how was \(incident.status == .resolved ? "it" : "this") noticed (alert, customer report, a person)? Could it have been noticed sooner?"))
        }
        line()
    }

    /// What changed on the balancer up to its first anomaly (the second it was seen included:
    /// a weight change and the skew it makes are seen by the same poll): weight changes, a
    /// weight already off its configured value at the first look, instances put in maintenance
    /// or drained, and actions taken through postmoterm. The likeliest trigger is among them,
    /// so it stands where the trigger is asked for, not only deep in the timeline.
    private mutating func triggerCandidates() {
        guard let anomaly = figures.firstAnomalyAt else { return }
        let changes = visible.filter { entry in
            guard entry.time <= anomaly else { return false }
            switch entry.kind {
            case .balancerAction: return true
            case .balancerObservation:
                switch entry.data["finding"] {
                case FindingKind.weightChange.rawValue, FindingKind.weightAtFirstLook.rawValue: return true
                case FindingKind.statusChange.rawValue:
                    let to = entry.data["to"] ?? ""
                    return to.hasPrefix("MAINT") || to.hasPrefix("DRAIN")
                default: return false
                }
            default: return false
            }
        }
        guard !changes.isEmpty else { return }
        line("What the log records changing on the balancer up to its first anomaly (\(anomaly.hourMinuteSecond) UTC):")
        line()
        for entry in changes {
            line("- \(entry.time.hourMinuteSecond) UTC: \(PostmortemTimeline.describe(entry))")
        }
        line()
    }

    /// When the balancer showed the first anomaly against when the incident started, to the
    /// second, and whether anything watched the balancer before the incident.
    private mutating func detection(start: Timestamp) {
        alertDetection(start: start)
        let watched = figures.watchedSince
        guard let anomaly = figures.firstAnomalyAt else {
            if let watched, watched > start {
                line("Nothing watched the balancer before \(watched.hourMinuteSecond) UTC, \(ElapsedTime(from: start, to: watched).spelledOut) after the incident was started at \(start.hourMinuteSecond) UTC; it showed no anomaly after that.")
                line()
            }
            return
        }
        let what = figures.firstAnomalyText.map { " (“\(PostmortemTimeline.oneLine($0))”)" } ?? ""
        if let detect = figures.anomalyBeforeStart {
            line(
                "The balancer showed the first anomaly at \(anomaly.hourMinuteSecond) UTC\(what); the incident was started at \(start.hourMinuteSecond) UTC, \(detect.spelledOut) later.")
        } else if let watched, watched > start {
            // Nobody can say the anomaly came after the start: nothing was looking before.
            // Within the start's own second, "0 s later" says nothing: the first look was the start.
            let sameSecond = watched.hourMinuteSecond == start.hourMinuteSecond
            var sentence = sameSecond
                ? "The incident was started at \(start.hourMinuteSecond) UTC; nothing watched the balancer before then. Its first anomaly was recorded at \(anomaly.hourMinuteSecond) UTC\(what)"
                : "The incident was started at \(start.hourMinuteSecond) UTC. Nothing watched the balancer before \(watched.hourMinuteSecond) UTC (\(ElapsedTime(from: start, to: watched).spelledOut) later); its first anomaly was recorded at \(anomaly.hourMinuteSecond) UTC\(what)"
            sentence += figures.firstAnomalyAtFirstLook
                ? (sameSecond
                    ? ", already standing at that first look: it began before the incident was started, or within its first second."
                    : ", already standing at that first look: it began before then, possibly before the incident was started.")
                : "; whether it began before the incident was started is not known."
            line(sentence)
        } else {
            line(
                "The incident was started at \(start.hourMinuteSecond) UTC, \(ElapsedTime(from: start, to: anomaly).spelledOut) before the balancer showed its first anomaly at \(anomaly.hourMinuteSecond) UTC\(what).")
        }
        line()
    }

    private mutating func balancerImpactLines(_ impact: BalancerImpact) {
        let traffic = impact.traffic
        for pool in traffic.pools {
            line("- \(Self.trafficLine(pool.count, subject: "Pool \(pool.name)")) between \(pool.from.hourMinuteSecond) and \(pool.until.hourMinuteSecond) UTC (the balancer's own counters\(traffic.pools.count > 1 ? ", \(pool.source)" : "")).")
            let instances = pool.instances.keys.sorted().map { name in
                Self.trafficLine(pool.instances[name] ?? CounterTraffic.Count(), subject: name)
            }
            if !instances.isEmpty { line("  - \(instances.joined(separator: "; ")).") }
        }
        if traffic.pools.count > 1 {
            line("- \(Self.trafficLine(traffic.total, subject: "All pools")).")
        }
        if traffic.resets > 0 {
            line("- Counters restarted \(Self.count(traffic.resets, "time")) (a balancer reload): each new segment is counted from zero.")
        }
        if let peak = traffic.peak {
            line("- Peak 5xx rate: \(Self.percent(peak.percent, decimals: 1)) on \(peak.pool) between \(peak.from.hourMinuteSecond) and \(peak.until.hourMinuteSecond) UTC (\(peak.count.responses5xx) of \(peak.count.requests) requests).")
        }
        let instances = impact.instancesDown
        if instances.isEmpty {
            line("- Instances down: none observed.")
        } else {
            let spans = impact.instanceOutages.map { "\($0.subject) \(span($0))" }
            line("- Instances down: \(instances.count) — \(spans.joined(separator: "; ")).")
            if let at = impact.peakInstancesDownAt {
                line("- Most instances down at once: \(impact.peakInstancesDown), at \(at.hourMinuteSecond) UTC.")
            }
        }
        for outage in impact.poolOutages {
            line("- Pool \(outage.pool) down: \(span(outage)).")
        }
        if let peak = impact.peakErrorPercent, let at = impact.peakErrorAt {
            let pool = impact.peakErrorPool.map { " on \($0)" } ?? ""
            line("- Highest 5xx rate the detector reported: \(Self.percent(peak))\(pool) at \(at.hourMinuteSecond) UTC.")
        }
        if !impact.breakersOpened.isEmpty {
            let opened = impact.breakersOpened.map { "\($0.subject) at \($0.from.hourMinuteSecond) UTC" }
            line("- Circuit breakers opened: \(opened.joined(separator: ", ")).")
        }
    }

    private func span(_ outage: Outage) -> String {
        guard let until = outage.until else { return "from \(outage.from.hourMinuteSecond) UTC, still down at the end of the log" }
        return "\(outage.from.hourMinuteSecond)–\(until.hourMinuteSecond) UTC (\(ElapsedTime(from: outage.from, to: until).spelledOut))"
    }

    private mutating func measuredFigures() {
        line("## Measured Figures")
        line()
        milestonesTable()
        line("| Measure | Value | From → to (UTC) |")
        line("|---|---|---|")
        milestoneRows()
        let start = figures.startedAt.hourMinuteSecond
        if let detect = figures.anomalyBeforeStart, let anomaly = figures.firstAnomalyAt {
            line("| First anomaly → start | \(detect.spelledOut) | first balancer anomaly \(anomaly.hourMinuteSecond) → incident start \(start) |")
        } else if let anomaly = figures.firstAnomalyAt, let watched = figures.watchedSince, watched > figures.startedAt {
            let firstLook = figures.firstAnomalyAtFirstLook ? ", standing at the first look" : ""
            line("| First anomaly → start | — | nothing watched the balancer before \(watched.hourMinuteSecond); first anomaly \(anomaly.hourMinuteSecond)\(firstLook); incident start \(start) |")
        } else if let anomaly = figures.firstAnomalyAt {
            line("| First anomaly → start | — | first balancer anomaly \(anomaly.hourMinuteSecond) came after the incident start \(start) |")
        } else {
            line("| First anomaly → start | — | no balancer anomaly recorded |")
        }
        let impact = figures.impact
        line("| Instances down | \(impact.instancesDown.count) | \(impact.observationCount) balancer observations |")
        let traffic = impact.traffic
        if traffic.sampleCount > 0 {
            let total = traffic.total
            line("| Requests | \(total.requests) | balancer counters, \(Self.count(traffic.sampleCount, "sample")) |")
            if total.has5xx {
                line("| 5xx answers | \(total.responses5xx) (\(total.errorPercent.map { Self.percent($0, decimals: 1) } ?? "—")) | balancer counters |")
            }
        }
        if let peak = traffic.peak {
            line("| Peak 5xx | \(Self.percent(peak.percent, decimals: 1)) | \(peak.from.hourMinuteSecond)–\(peak.until.hourMinuteSecond) on \(peak.pool) (balancer counters) |")
        } else if let peak = impact.peakErrorPercent, let at = impact.peakErrorAt {
            line("| Peak 5xx | \(Self.percent(peak)) | at \(at.hourMinuteSecond)\(impact.peakErrorPool.map { " on \($0)" } ?? "") |")
        } else {
            line("| Peak 5xx | — | no 5xx rate observed |")
        }
        if impact.actionCount > 0 {
            line("| Balancer actions | \(impact.actionCount) | \(impact.failedActionCount) failed |")
        }
        line()
    }

    private mutating func timelineSection() {
        line("## Timeline")
        line()
        line("All times UTC. ★ marks starred events; only repeated status flaps of one instance are folded into one line.")
        line()
        let withDates = lines.crossesMidnight
        var lastDay: Int64?
        for item in lines.lines {
            out.append("- ")
            if withDates && item.time.utcDayNumber != lastDay {
                out.append(item.time.isoDate)
                out.append(" ")
                lastDay = item.time.utcDayNumber
            }
            out.append(item.time.hourMinuteSecond)
            out.append(" UTC")
            out.append(": ")
            if item.isStarred {
                out.append("★ **")
                out.append(item.text)
                out.append("**")
            } else {
                out.append(item.text)
            }
            if let attribution = item.attribution {
                out.append(" — ")
                out.append(attribution)
            }
            if let logged = item.loggedAt {
                let day = logged.utcDayNumber != item.time.utcDayNumber ? logged.isoDate + " " : ""
                out.append(" _(logged at \(day)\(logged.hourMinuteSecond) UTC)_")
            }
            out.append("\n")
        }
        if lines.lines.isEmpty { line(Self.prompt("the log has no events; reconstruct the timeline.")) }
        line()
    }

    private mutating func rootCause() {
        line("## Root Cause and Resolution")
        line()
        line(Self.prompt("explain the root cause and how the service was restored."))
        line()
        let record = visible.filter { entry in
            switch entry.kind {
            case .balancerAction, .stepDone, .stepSkipped, .statusChanged: return true
            case .note: return entry.data["statusChange"] != nil  // the words given with mitigate/resolve
            default: return false
            }
        }
        guard !record.isEmpty else { return }
        line("What the log records about the response:")
        line()
        for entry in record {
            line("- \(entry.time.hourMinuteSecond) UTC: \(PostmortemTimeline.describe(entry))")
        }
        line()
    }

    private mutating func measures() {
        line("## Corrective and Preventative Measures")
        line()
        line(Self.prompt("what will prevent a recurrence or shorten the next one (validation, monitoring, capacity, automation)?"))
        line()
        line("**Specific tasks:**")
        line()
        let followUps = input.followUps.map(PostmortemTimeline.oneLine).filter { !$0.isEmpty }
        let actionItems = visible.filter { $0.kind == .actionItem }
        for followUp in followUps {
            line("- [ ] \(followUp) _(playbook follow-up)_")
        }
        for item in actionItems {
            line("- [ ] \(PostmortemTimeline.oneLine(item.text)) _(action item from \(item.author.name) at \(item.time.hourMinuteSecond) UTC)_")
        }
        if followUps.isEmpty && actionItems.isEmpty {
            line(Self.prompt("no playbook follow-ups or action items were recorded; list the tasks."))
        } else {
            line()
            line(Self.prompt("give each task an owner and a ticket."))
        }
        line()
    }

    private mutating func lessons() {
        line("## Lessons Learned")
        line()
        line("**What went well:**")
        line()
        line(Self.prompt("what worked (detection, tooling, the playbook, communication)?"))
        line()
        line("**What went wrong:**")
        line()
        line(Self.prompt("what made it worse or slower?"))
        line()
        line("**Where we got lucky:**")
        line()
        line(Self.prompt("what could have gone worse?"))
        line()
    }

    private mutating func supporting() {
        line("## Supporting Information")
        line()
        let hidden = timeline.entries.count - visible.count
        let amendments = input.events.count - timeline.entries.count
        var done = 0
        var skipped = 0
        for entry in visible {
            if entry.kind == .stepDone { done += 1 } else if entry.kind == .stepSkipped { skipped += 1 }
        }
        line(
            "- Log: \(Self.count(input.events.count, "event")) (\(Self.count(amendments, "amendment")), \(Self.count(hidden, "hidden event")) left out), last sequence \(timeline.lastSequence).")
        if done + skipped > 0 {
            line("- Playbook steps recorded: \(done) done, \(skipped) skipped.")
        }
        line("- Generated by postmoterm at \(input.generatedAt.iso8601) from incident `\(input.incident.id)`.")
        line()
        line(Self.prompt("link dashboards, graphs, tickets and chat logs."))
    }
}
