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
    let lines: PostmortemTimeline
    var out = ""

    init(_ input: PostmortemInput) {
        self.input = input
        timeline = TimelineView(events: input.events)
        visible = timeline.visibleEntries
        figures = IncidentFigures(incident: input.incident, visibleEntries: visible)
        lines = PostmortemTimeline(entries: visible)
    }

    static func prompt(_ text: String) -> String { "> _TODO(human): \(text)_" }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) %" : String(format: "%.1f %%", value)
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

    private mutating func line(_ text: String = "") {
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
            let digest = incident.playbookDigest.map { " (\($0))" } ?? ""
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
                case (let from?, let until?): return "\(span.role) (\(from.hourMinute)–\(until.hourMinute) UTC)"
                case (let from?, nil): return "\(span.role) (from \(from.hourMinute) UTC)"
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
                line("**Duration:** \(length), from \(start.hourMinute) to \(end.hourMinute) UTC on \(start.longDate).")
            } else {
                line(
                    "**Duration:** \(length), from \(start.hourMinute) UTC on \(start.longDate) to \(end.hourMinute) UTC on \(end.longDate).")
            }
        } else {
            let sofar = ElapsedTime(from: start, to: input.generatedAt).spelledOut
            line(
                "**Duration:** ongoing — started \(start.hourMinute) UTC on \(start.longDate), not resolved when this draft was generated (\(input.generatedAt.hourMinute) UTC on \(input.generatedAt.longDate), \(sofar) in).")
        }
        line()
        line("**Impact:**")
        line()
        line(Self.prompt("who and what was affected (users, requests, regions), how badly and for how long. The log cannot say."))
        let impact = figures.impact
        if impact.observationCount > 0 {
            line()
            line("What the balancer recorded:")
            line()
            balancerImpactLines(impact)
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
        line("**Detection:**")
        line()
        if let anomaly = figures.firstAnomalyAt {
            let what = figures.firstAnomalyText.map { " (“\(PostmortemTimeline.oneLine($0))”)" } ?? ""
            if let detect = figures.timeToDetect {
                line(
                    "The balancer showed the first anomaly at \(anomaly.hourMinute) UTC\(what); the incident was started at \(start.hourMinute) UTC, \(detect.spelledOut) later.")
            } else {
                line(
                    "The incident was started at \(start.hourMinute) UTC, before the balancer showed its first anomaly at \(anomaly.hourMinute) UTC\(what).")
            }
            line()
        }
        line(Self.prompt("how was \(incident.status == .resolved ? "it" : "this") noticed (alert, customer report, a person)? Could it have been noticed sooner?"))
        line()
    }

    private mutating func balancerImpactLines(_ impact: BalancerImpact) {
        let instances = impact.instancesDown
        if instances.isEmpty {
            line("- Instances down: none observed.")
        } else {
            let spans = impact.instanceOutages.map { "\($0.subject) \(span($0))" }
            line("- Instances down: \(instances.count) — \(spans.joined(separator: "; ")).")
            if let at = impact.peakInstancesDownAt {
                line("- Most instances down at once: \(impact.peakInstancesDown), at \(at.hourMinute) UTC.")
            }
        }
        for outage in impact.poolOutages {
            line("- Pool \(outage.pool) down: \(span(outage)).")
        }
        if let peak = impact.peakErrorPercent, let at = impact.peakErrorAt {
            let pool = impact.peakErrorPool.map { " on \($0)" } ?? ""
            line("- Peak 5xx rate: \(Self.percent(peak))\(pool) at \(at.hourMinute) UTC.")
        }
        if !impact.breakersOpened.isEmpty {
            let opened = impact.breakersOpened.map { "\($0.subject) at \($0.from.hourMinute) UTC" }
            line("- Circuit breakers opened: \(opened.joined(separator: ", ")).")
        }
    }

    private func span(_ outage: Outage) -> String {
        guard let until = outage.until else { return "from \(outage.from.hourMinute) UTC, still down at the end of the log" }
        return "\(outage.from.hourMinute)–\(until.hourMinute) UTC (\(ElapsedTime(from: outage.from, to: until).spelledOut))"
    }

    private mutating func measuredFigures() {
        line("## Measured Figures")
        line()
        line("| Measure | Value | From → to (UTC) |")
        line("|---|---|---|")
        let start = figures.startedAt.hourMinute
        if let detect = figures.timeToDetect, let anomaly = figures.firstAnomalyAt {
            line("| Time to detect | \(detect.spelledOut) | first balancer anomaly \(anomaly.hourMinute) → incident start \(start) |")
        } else if let anomaly = figures.firstAnomalyAt {
            line("| Time to detect | — | first balancer anomaly \(anomaly.hourMinute) came after the incident start \(start) |")
        } else {
            line("| Time to detect | — | no balancer anomaly recorded |")
        }
        if let mitigate = figures.timeToMitigate, let at = figures.mitigatedAt {
            line("| Time to mitigate | \(mitigate.spelledOut) | incident start \(start) → mitigated \(at.hourMinute) |")
        } else {
            line("| Time to mitigate | — | not marked mitigated |")
        }
        if let resolve = figures.timeToResolve, let at = figures.resolvedAt {
            line("| Time to resolve | \(resolve.spelledOut) | incident start \(start) → resolved \(at.hourMinute) |")
        } else {
            line("| Time to resolve | — | not resolved yet |")
        }
        let impact = figures.impact
        line("| Instances down | \(impact.instancesDown.count) | \(impact.observationCount) balancer observations |")
        if let peak = impact.peakErrorPercent, let at = impact.peakErrorAt {
            line("| Peak 5xx | \(Self.percent(peak)) | at \(at.hourMinute)\(impact.peakErrorPool.map { " on \($0)" } ?? "") |")
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
        line("All times UTC. ★ marks starred events; flapping balancer observations are coalesced.")
        line()
        let withDates = lines.crossesMidnight
        var lastDay: Int64?
        var lastMinute: Int64 = .min
        var minuteStamp = ""
        for item in lines.lines {
            let minute = item.time.utcMinuteNumber
            if minute != lastMinute {
                lastMinute = minute
                minuteStamp = item.time.hourMinute + " UTC"
            }
            out.append("- ")
            if withDates && item.time.utcDayNumber != lastDay {
                out.append(item.time.isoDate)
                out.append(" ")
                lastDay = item.time.utcDayNumber
            }
            out.append(minuteStamp)
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
                out.append(" _(logged at \(day)\(logged.hourMinute) UTC)_")
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
            default: return false
            }
        }
        guard !record.isEmpty else { return }
        line("What the log records about the response:")
        line()
        for entry in record {
            line("- \(entry.time.hourMinute) UTC: \(PostmortemTimeline.describe(entry))")
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
            line("- [ ] \(PostmortemTimeline.oneLine(item.text)) _(action item from \(item.author.name) at \(item.time.hourMinute) UTC)_")
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
