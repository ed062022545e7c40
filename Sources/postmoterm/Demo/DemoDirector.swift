import BalancerAdapters
import Foundation
import LoopbackLab
import PostmotermCore

/// Plays the cues of the ``DemoScript`` for one mode, each at its time scaled by the speed:
/// the world's (the bad change, the crash) on the lab, the scripted responder's (headless) into
/// the incident log through the same paths a person uses — store events, balancer actions
/// through ``BalancerActionRunner``, the postmortem export.
struct DemoDirector: Sendable {
    let script: DemoScript
    let mode: DemoCue.Mode
    let timing: DemoTiming
    let lab: DemoLab
    let address: BalancerAddress
    let log: DemoIncidentLog
    let playbook: Playbook?
    let dataDirectory: String
    /// Real monotonic start of the story, in seconds (``ContinuousClock``).
    let start: ContinuousClock.Instant
    /// With the alert chain: how long (real seconds) the scripted team waits at its cue for the
    /// first alert, to open the incident from it. Nil: no chain, open at the cue.
    var alertWait: Double? = nil

    /// Plays every cue in order; returns the exported draft's path, if the script exported one.
    /// Throws `CancellationError` when cancelled (Ctrl-C), or a store error that ends the story.
    func play() async throws -> String? {
        var doneSteps: Set<String> = []
        var exported: String?
        for cue in script.cues(for: mode) {
            let due = start.advanced(by: .milliseconds(Int64(timing.realSeconds(cue.at) * 1000)))
            try await Task.sleep(until: due, clock: .continuous)
            try Task.checkCancellation()
            switch cue.action {
            case .narrate(let text):
                await log.narrate(text)
            case .runtimeCommand(let command, let author, let reason):
                await sendOutsidePostmoterm(command, author: author, reason: reason)
            case .crashInstance(let instance, let reason):
                lab.backend(named: instance)?.crash()
                await log.narrate(reason)
            case .restartInstance(let instance, let author):
                do {
                    try lab.backend(named: instance)?.restart()
                    if let author {
                        await log.record(.note("Restarted \(instance)'s process; waiting for its health checks.", author: author))
                    } else {
                        await log.narrate("\(instance)'s process supervisor restarted it.")
                    }
                } catch {
                    await log.narrate("could not restart \(instance): \(error)")
                }
            case .openIncident(let title, let severity, let author):
                if let alertWait { try await waitForAlert(seconds: alertWait) }
                _ = try await log.open(IncidentDraft(
                    title: title, severity: severity, playbookPath: playbook.map { LocalPath.absolute($0.path) }, playbookDigest: PlaybookDigest.stored(playbook),
                    author: author))
                if alertWait != nil { await noteThePage(author: author) }
            case .assignRole(let role, let holder, let author):
                let roleID = playbook?.roles.first { $0.id == role.lowercased() || $0.name.lowercased() == role.lowercased() }?.id ?? role
                await log.record(EventDraft(
                    kind: .roleAssigned, text: "\(holder) takes \(roleID)", author: author,
                    data: ["role": roleID, "holder": holder]))
            case .note(let text, let author, let actionItem):
                await log.record(.note(text, author: author, actionItem: actionItem))
            case .completeStep(let text, let author):
                guard let step = playbook?.allSteps.first(where: {
                    !doneSteps.contains($0.id) && $0.text.range(of: text, options: .caseInsensitive) != nil
                }) else {
                    await log.narrate("(the playbook has no open step matching \"\(text)\"; skipped)")
                    continue
                }
                doneSteps.insert(step.id)
                await log.record(EventDraft(kind: .stepDone, text: step.text, author: author, data: ["step": step.id]))
            case .starObservation(let finding, let to, let last, let author):
                await star(finding: finding, to: to, last: last, author: author)
            case .balancerAction(let action, let instance, let author):
                await act(action, instance: instance, author: author)
            case .status(let status, let author):
                await log.record(.statusChange(to: status, author: author))
            case .export(let author):
                exported = await export(author: author)
            }
        }
        return exported
    }

    /// The seed's bad change: a runtime API command sent by someone else, recorded as the
    /// balancer action it is.
    private func sendOutsidePostmoterm(_ command: String, author: Author, reason: String) async {
        let words = command.split(separator: " ")
        let target = words.first { $0.contains("/") }.map { $0.split(separator: "/").map(String.init) } ?? []
        var data = ["source": address.display, "command": command]
        data["pool"] = target.first
        data["instance"] = target.count > 1 ? target[1] : nil
        let answer: String
        let ok: Bool
        if let client = HAProxyRuntimeClient(address: address) {
            do {
                let raw = try await client.send(command: command).trimmingCharacters(in: .whitespacesAndNewlines)
                ok = raw.isEmpty
                answer = raw.isEmpty ? "(empty answer: applied)" : TerminalSafe.escape(raw)
            } catch {
                ok = false
                answer = TerminalSafe.escape(String(describing: error))
            }
        } else {
            ok = false
            answer = "not a runtime socket"
        }
        data["result"] = ok ? "ok" : "error"
        data["answer"] = answer
        await log.record(EventDraft(
            kind: .balancerAction, text: "\(reason): `\(command)` → \(ok ? "ok" : "error: \(answer)")",
            author: author, data: data))
    }

    /// Stars one observation of `finding` (the first or last not yet starred) in the log.
    private func star(finding: String, to: String?, last: Bool, author: Author) async {
        guard let events = try? await log.events() else { return }
        let starred = Set(events.compactMap { event -> Int64? in
            guard let amendment = Amendment(event: event), amendment == .star else { return nil }
            return event.amends
        })
        let candidates = events.filter { event in
            event.kind == .balancerObservation && event.data["finding"] == finding && !starred.contains(event.sequence)
                && (to == nil || event.data["to"] == to)
        }
        guard let target = last ? candidates.last : candidates.first else {
            await log.narrate("(no \(finding) observation\(to.map { " to \($0)" } ?? "") to star yet)")
            return
        }
        await log.record(.amendment(of: target.sequence, .star, author: author), quiet: true)
        await log.narrate("★ \(author.name) starred: \(target.text)")
    }

    private func act(_ action: BalancerAction, instance: String, author: Author) async {
        do {
            let request = try BalancerActionRequest(
                action: action, source: address, pool: script.pool, instance: instance, author: author, readOnly: false)
            let result = await BalancerActionRunner().run(request)
            await log.record(result.eventDraft)
            if !result.succeeded { await log.narrate("\(request.command): \(result.message)") }
        } catch {
            await log.narrate("refused: \(error)")
        }
    }

    private func export(author: Author) async -> String? {
        guard let incident = await log.incident else { return nil }
        // The balancer's counters as they are now, and what the load generator counted by now:
        // the draft's requests and 5xx can be checked against the clients' own count.
        await log.flushCounters()
        let load = lab.load.totals
        await log.narrate("load generator before the draft: \(load.completed) requests, \(load.serverErrors) 5xx")
        let followUps = playbook?.followUps.map(\.text) ?? []
        do {
            let written = try PostmortemFile.export(
                incident: incident.id, store: storeForExport, followUps: followUps, dataDirectory: dataDirectory, author: nil)
            await log.record(EventDraft(
                kind: .export, text: "Postmortem draft exported to \(written.path)", author: author, data: written.eventData))
            return written.path
        } catch {
            await log.narrate("export failed: \(error)")
            return nil
        }
    }

    /// The store the log writes to (the export reads the incident back from it).
    var storeForExport: any IncidentStore { log.store }
}
