import Foundation

/// The draft's milestones (``IncidentMilestones``): a table of the five moments and what recorded
/// each, the four times between them in **Measured Figures**, and the alert in **Detection**.
/// A milestone the log does not show is written as not known, with why.
extension PostmortemMarkdown {
    /// The four time rows of the figures table.
    mutating func milestoneRows() {
        let m = milestones
        line("| Time to detect | \(value(m.timeToDetect)) | \(detectSpan()) |")
        line("| Time to acknowledge | \(value(m.timeToAcknowledge)) | \(acknowledgeSpan()) |")
        line("| Time to mitigate | \(value(m.timeToMitigate)) | \(span(m.timeToMitigate, to: m.mitigated, missing: "not marked mitigated")) |")
        line("| Time to resolve | \(value(m.timeToResolve)) | \(span(m.timeToResolve, to: m.resolved, missing: "not resolved yet")) |")
    }

    /// `| Milestone | Time (UTC) | Recorded by |` with the five rows.
    mutating func milestonesTable() {
        let m = milestones
        line("| Milestone | Time (UTC) | Recorded by |")
        line("|---|---|---|")
        if let began = m.impactBegan {
            line("| Impact began | \(clock(began.at)) | \(source(began)) |")
        } else if let standing = m.impactStandingAtFirstLook {
            line("| Impact began | — | not known: at or before \(clock(standing.at)), when the balancer's first look already showed “\(cell(standing.text))” |")
        } else {
            line("| Impact began | — | not known: no alert and no balancer anomaly was recorded |")
        }
        if let detected = m.detected {
            line("| Detected | \(clock(detected.at)) | \(source(detected)) |")
        } else {
            line("| Detected | — | not known: no alert was recorded |")
        }
        line("| Acknowledged | \(clock(m.acknowledged.at)) | the incident was started |")
        if let mitigated = m.mitigated {
            line("| Mitigated | \(clock(mitigated.at)) | \(cell(mitigated.text)) |")
        } else {
            line("| Mitigated | — | not marked mitigated |")
        }
        if let resolved = m.resolved {
            line("| Resolved | \(clock(resolved.at)) | \(cell(resolved.text)) |")
        } else {
            line("| Resolved | — | not resolved yet |")
        }
        line()
    }

    /// In **Detection**: when the first alert fired against when the incident was started.
    mutating func alertDetection(start: Timestamp) {
        guard let detected = milestones.detected else { return }
        let what = "“\(PostmortemTimeline.oneLine(detected.text))”"
        if let acknowledge = milestones.timeToAcknowledge {
            line("The first alert fired at \(detected.at.hourMinuteSecond) UTC (\(what)); the incident was started at \(start.hourMinuteSecond) UTC, \(acknowledge.elapsed.spelledOut) later.")
        } else {
            line("The incident was started at \(start.hourMinuteSecond) UTC, \(ElapsedTime(from: start, to: detected.at).spelledOut) before the first alert fired at \(detected.at.hourMinuteSecond) UTC (\(what)).")
        }
        line()
    }

    // MARK: Cells

    private func value(_ interval: MilestoneInterval?) -> String {
        interval.map(\.elapsed.spelledOut) ?? "—"
    }

    private func detectSpan() -> String {
        let m = milestones
        switch (m.impactBegan, m.detected) {
        case (let began?, let detected?):
            return "impact began \(clock(began.at)) → first alert \(clock(detected.at))"
        case (nil, let detected?):
            return "first alert \(clock(detected.at)); when the impact began is not known"
        case (_, nil):
            return "no alert was recorded"
        }
    }

    private func acknowledgeSpan() -> String {
        let m = milestones
        guard let detected = m.detected else { return "no alert was recorded" }
        if m.timeToAcknowledge == nil {
            return "the incident was started \(clock(m.acknowledged.at)), before the first alert \(clock(detected.at))"
        }
        return "first alert \(clock(detected.at)) → incident start \(clock(m.acknowledged.at))"
    }

    private func span(_ interval: MilestoneInterval?, to end: Milestone?, missing: String) -> String {
        guard let end else { return missing }
        let m = milestones
        let from = m.impactBegan.map { "impact began \(clock($0.at))" } ?? "incident start \(clock(m.acknowledged.at))"
        let name = end.kind == .mitigated ? "mitigated" : "resolved"
        guard interval != nil else { return "\(name) \(clock(end.at)) came before \(from)" }
        return "\(from) → \(name) \(clock(end.at))"
    }

    private func source(_ milestone: Milestone) -> String {
        switch milestone.source {
        case .alert: return "alert \(cell(milestone.text))"
        case .balancer: return "first balancer anomaly: “\(cell(milestone.text))”"
        case .incident: return "the incident was started"
        case .status: return cell(milestone.text)
        }
    }

    /// `14:30:00`, or `2026-11-26 00:10:00` on another UTC day than the incident's start.
    private func clock(_ time: Timestamp) -> String {
        time.utcDayNumber == milestones.acknowledged.at.utcDayNumber ? time.hourMinuteSecond : "\(time.isoDate) \(time.hourMinuteSecond)"
    }

    /// Text for a table cell: one line, `|` escaped.
    private func cell(_ text: String) -> String {
        PostmortemTimeline.oneLine(text).replacingOccurrences(of: "|", with: "\\|")
    }
}
