import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// One incident across commands (issue 13.1), the playbook an incident remembers (13.2) and one
/// rule for the responder's name (13.8), through the built binary.
@Suite struct IncidentSelectionCommandTests {
    let dir = TemporaryDirectory()

    static let playbook = """
        # API errors

        ## Triage

        - [ ] Look at the balancer

        ## Follow-up

        - [ ] Validate weights in CI
        """

    private func postmoterm(
        _ arguments: String..., directory: String? = nil, unset: [String] = []
    ) throws -> PostmotermRun {
        try PostmotermRun.run(arguments, dataDir: dir.appending("data"), unset: unset, directory: directory)
    }

    /// A folder with the playbook, and another one to work from.
    private func folders() throws -> (playbooks: String, elsewhere: String) {
        let playbooks = dir.appending("playbooks")
        let elsewhere = dir.appending("elsewhere")
        for folder in [playbooks, elsewhere] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Self.playbook.write(toFile: (playbooks as NSString).appendingPathComponent("api.md"), atomically: true, encoding: .utf8)
        return (playbooks, elsewhere)
    }

    @Test func withSeveralOpenIncidentsEveryCommandSaysWhichItPicked() throws {
        let first = try postmoterm("start", "--title", "API errors").line
        let second = try postmoterm("start", "--title", "DB slow").line
        let log = try postmoterm("log", "which one?")
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("in \(second)"))
        #expect(log.stderr.contains("→ incident \(second)"), "\(log.stderr)")
        let mitigate = try postmoterm("mitigate")
        #expect(mitigate.stderr.contains("→ incident \(second)"))
        // Named: no doubt, nothing said.
        #expect(try postmoterm("log", "--incident", first, "named").stderr.isEmpty)
    }

    @Test func useSetsTheCurrentIncidentForEveryCommand() throws {
        let first = try postmoterm("start", "--title", "API errors").line
        _ = try postmoterm("start", "--title", "DB slow")
        #expect(try postmoterm("use").stdout.contains("no current incident"))
        let use = try postmoterm("use", first)
        #expect(use.status == 0, "\(use.stderr)")
        #expect(use.stdout.hasPrefix("\(first) — API errors (investigating"))
        let log = try postmoterm("log", "to the current one")
        #expect(log.stdout.contains("in \(first)"), "\(log.stdout)")
        #expect(log.stderr.contains("→ incident \(first) (the current incident"), "\(log.stderr)")
        #expect(try postmoterm("use").stdout.hasPrefix(first))
        #expect(try postmoterm("resolve").stdout.contains("\(first) resolved"))
        // Resolved: reading commands still take it; writing ones fall back to the open one.
        #expect(try postmoterm("timeline").stdout.contains("to the current one"))
        #expect(try postmoterm("log", "late").stderr.contains("is resolved"))
        #expect(try postmoterm("use", "--clear").stdout.contains("no current incident"))
        #expect(try postmoterm("use", "no-such-incident").status != 0)
    }

    @Test func aSecondStartWithTheSameTitleWarnsAndSaysHowToJoin() throws {
        let first = try postmoterm("start", "--title", "API errors")
        #expect(first.stderr.isEmpty)
        let second = try postmoterm("start", "--title", "api errors ")
        #expect(second.status == 0)
        #expect(second.stderr.contains("warning: incident \(first.line) with this title is open"), "\(second.stderr)")
        #expect(second.stderr.contains("postmoterm use \(first.line)"))
    }

    @Test func exportFromAnotherFolderFindsThePlaybooksFollowUps() throws {
        let (playbooks, elsewhere) = try folders()
        let start = try postmoterm("start", "--title", "API errors", "--playbook", "api.md", directory: playbooks)
        #expect(start.status == 0, "\(start.stderr)")
        let store = try SQLiteIncidentStore(directory: dir.appending("data"))
        let incident = try store.incident(try #require(IncidentID(rawValue: start.line)))
        #expect(incident.playbookPath == (playbooks as NSString).appendingPathComponent("api.md"))
        #expect(incident.playbookDigest?.hasPrefix("sha256:") == true)
        let export = try postmoterm("export", directory: elsewhere)
        #expect(export.stdout.contains("Validate weights in CI"))
        #expect(!export.stderr.contains("changed"), "no false 'playbook changed': \(export.stderr)")
    }

    @Test func anOldBareHexDigestIsNotAChange() throws {
        let (playbooks, _) = try folders()
        let path = (playbooks as NSString).appendingPathComponent("api.md")
        let hex = SHA256.hex(of: Array(Self.playbook.utf8))
        let store = try SQLiteIncidentStore(directory: dir.appending("data"))
        _ = try store.createIncident(IncidentDraft(
            title: "Old console incident", playbookPath: path, playbookDigest: hex, author: Author(name: "alice")))
        let export = try postmoterm("export")
        #expect(export.stdout.contains("Validate weights in CI"))
        #expect(!export.stderr.contains("changed"), "\(export.stderr)")
    }

    @Test func withoutUserTheAccountNameIsTheAuthor() throws {
        _ = try postmoterm("start", "--title", "API errors")
        let account = ProcessInfo.processInfo.userName
        #expect(try postmoterm("log", "who am i", unset: ["USER", "LOGNAME", "POSTMOTERM_AUTHOR"]).status == 0)
        #expect(try postmoterm("timeline").stdout.contains("\(account): who am i"))
    }
}
