import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// The incident-log commands of the built `postmoterm` binary, end to end on a temporary data
/// directory: what they print, and that every failure is one line and a non-zero exit.
@Suite struct CommandLineTests {
    typealias Run = PostmotermRun

    let dir = TemporaryDirectory()

    private func postmoterm(_ arguments: String..., stdin: String? = nil, dataDir: String? = nil) throws -> Run {
        try PostmotermRun.run(arguments, dataDir: dataDir ?? dir.path, stdin: stdin)
    }

    private func expectOneLineFailure(_ run: Run, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(text), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test func anIncidentFromStartToExport() throws {
        let start = try postmoterm("start", "--title", "API outage", "--severity", "SEV1")
        #expect(start.status == 0, "\(start.stderr)")
        let id = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasSuffix("-api-outage"))
        #expect(try postmoterm("log", "api-2", "returns", "502s").stdout.hasPrefix("logged note #2 in \(id)"))
        #expect(try postmoterm("log", "--action-item", "--as", "carol", "--role", "SRE", "Add an alert").status == 0)
        #expect(try postmoterm("log", "--incident", id, "-", stdin: "from stdin\n").status == 0)
        #expect(try postmoterm("mitigate").stdout.contains("\(id) mitigated at"))
        #expect(try postmoterm("resolve", "--incident", id).stdout.contains("\(id) resolved at"))

        let list = try postmoterm("list", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["id"] as? String == id)
        #expect(rows.first?["status"] as? String == "resolved")
        #expect(rows.first?["eventCount"] as? Int == 6)
        #expect(try postmoterm("list").stdout.contains("resolved"))

        let timeline = try postmoterm("timeline")
        #expect(timeline.stdout.contains("carol (SRE): Add an alert"))
        #expect(timeline.stdout.contains("tester: from stdin"))

        let draft = dir.appending("postmortem.md")
        let export = try postmoterm("export", "--output", draft)
        #expect(export.status == 0, "\(export.stderr)")
        let markdown = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(markdown.hasPrefix("# Postmortem: API outage\n"))
        #expect(markdown.contains("- [ ] Add an alert _(action item from carol"))
        // The export is recorded; exporting again refreshes a draft nobody touched, but one
        // edited since postmoterm wrote it is not overwritten without --force (DraftFileRule).
        #expect(try postmoterm("timeline", "--json").stdout.contains("\"export\""))
        #expect(try postmoterm("export", "--output", draft).status == 0)
        try (markdown + "\nMy edit\n").write(toFile: draft, atomically: true, encoding: .utf8)
        expectOneLineFailure(try postmoterm("export", "--output", draft), containing: "--force")
        #expect(try String(contentsOfFile: draft, encoding: .utf8).hasSuffix("My edit\n"))
        #expect(try postmoterm("export", "--output", draft, "--force").status == 0)
        let json = try postmoterm("export", "--format", "json")
        #expect(json.stdout.contains("\"format\" : \"postmoterm.incident.v1\""))
    }

    @Test func failuresAreOneLineAndNonZero() throws {
        expectOneLineFailure(try postmoterm("log", "nothing open"), containing: "no open incident")
        let id = try postmoterm("start", "--title", "x").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        expectOneLineFailure(try postmoterm("log", "--incident", "no-such-incident", "hi"), containing: "no incident 'no-such-incident'")
        expectOneLineFailure(try postmoterm("log", "--at", "25:61", "hi"), containing: "cannot read time '25:61'")
        expectOneLineFailure(try postmoterm("log", "--at", "2999-01-01T00:00:00Z", "hi"), containing: "in the future")
        expectOneLineFailure(try postmoterm("resolve", "--incident", id, "--at", "2000-01-01T00:00:00Z"), containing: "before the incident started")
        #expect(try postmoterm("resolve").status == 0)
        expectOneLineFailure(try postmoterm("mitigate", "--incident", id), containing: "is resolved and cannot become mitigated")
    }

    @Test func unusableStorageIsRefusedWithoutTouchingIt() throws {
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let file = dir.appending(SQLiteIncidentStore.fileName)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: file))
        expectOneLineFailure(try postmoterm("list"), containing: "is not a postmoterm database")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a database")

        let blocked = try postmoterm("list", dataDir: file + "/sub")
        expectOneLineFailure(blocked, containing: "cannot use data directory")
    }
}
