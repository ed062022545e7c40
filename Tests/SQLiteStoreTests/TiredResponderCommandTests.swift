import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// What the practice incident found in the commands: the playbook's severity, counter samples
/// out of the plain timeline, and refusals that name the incident that was already resolved.
@Suite struct TiredResponderCommandTests {
    let dir = TemporaryDirectory()

    private func postmoterm(_ arguments: String..., directory: String? = nil) throws -> PostmotermRun {
        try PostmotermRun.run(arguments, dataDir: dir.appending("data"), directory: directory)
    }

    private func playbookFolder() throws -> String {
        let folder = dir.appending("playbooks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            ---
            severity: SEV-1
            ---
            # API errors

            ## Triage

            - [ ] Look at the balancer
            """.write(toFile: (folder as NSString).appendingPathComponent("api.md"), atomically: true, encoding: .utf8)
        return folder
    }

    private func severity(of id: String) throws -> String? {
        let store = try SQLiteIncidentStore(directory: dir.appending("data"))
        return try store.incident(try #require(IncidentID(rawValue: id))).severity
    }

    @Test func startTakesThePlaybooksSeverityUnlessOneIsGiven() throws {
        let folder = try playbookFolder()
        let start = try postmoterm("start", "--title", "API errors", "--playbook", "api.md", directory: folder)
        #expect(start.status == 0 && start.stderr.isEmpty, "\(start.stderr)")
        #expect(try severity(of: start.line) == "SEV-1")
        let given = try postmoterm("start", "--title", "DB slow", "--severity", "SEV3", "--playbook", "api.md", directory: folder)
        #expect(try severity(of: given.line) == "SEV3")
    }

    @Test func thePlainTimelineLeavesCounterSamplesToJSON() throws {
        let id = try postmoterm("start", "--title", "API errors").line
        let store = try SQLiteIncidentStore(directory: dir.appending("data"))
        let sample = CounterSample(
            source: "haproxy+unix:///tmp/admin.sock", at: SystemClock().now(), reason: .first,
            pools: ["api": InstanceCounters(requests: 10, responses5xx: 1)], instances: [:])
        _ = try store.append(sample.eventDraft, to: try #require(IncidentID(rawValue: id)))
        _ = try postmoterm("log", "api-2 502s")
        let plain = try postmoterm("timeline")
        #expect(plain.stdout.contains("api-2 502s"))
        #expect(!plain.stdout.contains("counters of"), "\(plain.stdout)")
        #expect(try postmoterm("timeline", "--all").stdout.contains("counters of"))
        #expect(try postmoterm("timeline", "--json").stdout.contains("balancerCounters"))
    }

    @Test func refusalsNameTheIncidentAlreadyResolved() throws {
        let id = try postmoterm("start", "--title", "API errors").line
        let resolved = try postmoterm("resolve")
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let at = try #require(resolved.stdout.split(separator: " ").dropFirst(3).first)  // "ID resolved at HH:MM UTC …"
        for verb in ["resolve", "mitigate"] {
            let again = try postmoterm(verb)
            #expect(again.status != 0)
            #expect(again.stderr.contains("\(id) was already resolved at \(at) UTC; nothing open to \(verb)"), "\(again.stderr)")
        }
        let log = try postmoterm("log", "late note")
        #expect(log.status != 0)
        #expect(log.stderr.contains(id) && log.stderr.contains("--incident \(id)"), "\(log.stderr)")
        #expect(try postmoterm("log", "--incident", id, "late note").status == 0)
    }

    /// `mitigate drained api-2`: the words become a note at the change's time instead of a
    /// refusal; when the change itself is refused, the refusal says the note was not logged.
    @Test func wordsAfterMitigateOrResolveAreANoteAtTheSameTime() throws {
        let id = try postmoterm("start", "--title", "API errors").line
        let mitigated = try postmoterm("mitigate", "drained", "api-2")
        #expect(mitigated.status == 0, "\(mitigated.stderr)")
        #expect(mitigated.stdout.contains("logged note #3 in \(id): drained api-2"), "\(mitigated.stdout)")
        let events = try SQLiteIncidentStore(directory: dir.appending("data")).events(of: try #require(IncidentID(rawValue: id)))
        let change = try #require(events.first { $0.kind == .statusChanged })
        let note = try #require(events.first { $0.kind == .note })
        #expect(note.text == "drained api-2")
        #expect(note.sequence == change.sequence + 1)
        #expect(note.time == change.time)
        #expect(note.data == ["statusChange": "mitigated"])
        #expect(try postmoterm("resolve", "rolled back the weight").status == 0)
        // The draft puts the words beside the changes, in Root Cause and Resolution.
        let draft = try postmoterm("export").stdout
        let response = try #require(draft.range(of: "What the log records about the response:")).upperBound
        #expect(draft[response...].contains("drained api-2 — tester"), "\(draft)")
        #expect(draft[response...].contains("rolled back the weight"), "\(draft)")
        let again = try postmoterm("resolve", "second try")
        #expect(again.status != 0)
        #expect(again.stderr.contains("nothing open to resolve") && again.stderr.contains("the note was not logged either: second try"), "\(again.stderr)")
    }

    /// `--playbook api-outage-load-balancer` from any folder: a bare name is one of the shipped
    /// playbooks; a name that matches none says which there are.
    @Test func aPlaybookNamedWithoutItsPathIsFoundAmongTheShippedOnes() throws {
        let elsewhere = dir.appending("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let start = try postmoterm("start", "--title", "API errors", "--playbook", "api-outage-load-balancer", directory: elsewhere)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stderr.contains("→ playbook ") && start.stderr.contains("(api-outage-load-balancer is not a file here)"), "\(start.stderr)")
        let store = try SQLiteIncidentStore(directory: dir.appending("data"))
        let path = try store.incident(try #require(IncidentID(rawValue: start.line))).playbookPath
        #expect(path?.hasSuffix("/playbooks/api-outage-load-balancer.md") == true, "\(path ?? "nil")")
        let typo = try postmoterm("start", "--title", "DB slow", "--playbook", "api-outage", directory: elsewhere)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("did you mean api-outage-load-balancer?"), "\(typo.stderr)")
    }

    @Test func aMistypedIdSaysWhichOneWasMeant() throws {
        let id = try postmoterm("start", "--title", "API errors").line
        let typo = String(id.dropLast(2)) + "s"  // …-api-errs
        let log = try postmoterm("log", "--incident", typo, "note")
        #expect(log.status != 0)
        #expect(log.stderr.contains("no incident '\(typo)'; did you mean \(id)?"), "\(log.stderr)")
        #expect(try postmoterm("use", typo).stderr.contains("did you mean \(id)?"))
        #expect(try postmoterm("timeline", "--incident", "nothing-like-it").stderr.contains("no incident 'nothing-like-it' (see"))
    }
}
