import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// `postmoterm export --output FILE` writes the incident's charts beside the draft and links them
/// (issue 17.3); `--no-charts` leaves them out.
@Suite struct ExportChartsCommandTests {
    let dir = TemporaryDirectory()

    private func postmoterm(_ arguments: String...) throws -> PostmotermRun {
        try PostmotermRun.run(arguments, dataDir: dir.path, stdin: nil)
    }

    @Test func chartsGoBesideTheDraftAndNoChartsLeavesThemOut() throws {
        let start = try postmoterm("start", "--title", "API outage")
        #expect(start.status == 0, "\(start.stderr)")
        let id = try #require(IncidentID(rawValue: start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let store = try SQLiteIncidentStore(directory: dir.path)
        let first = CounterHistoryBucket.index(of: try store.incident(id).startedAt)
        try store.appendHistory((0..<12).map { step in
            CounterHistoryBucket(
                source: "haproxy+unix:///run/haproxy/admin.sock", index: first + Int64(step),
                instances: ["api/api-1", "api/api-2", "api/<b>api-3</b>"],
                values: [10, step < 6 ? 10 : 100, 10].map { CounterHistoryBucket.Value(requests: $0, responses5xx: 0) })
        }, to: id)

        let draft = dir.appending("out/post mortem.md")
        try FileManager.default.createDirectory(atPath: dir.appending("out"), withIntermediateDirectories: true)
        let export = try postmoterm("export", "--output", draft)
        #expect(export.status == 0, "\(export.stderr)")
        let markdown = try String(contentsOfFile: draft, encoding: .utf8)
        #expect(markdown.contains("![Traffic share per instance](post%20mortem-share.svg)"), "\(markdown)")
        #expect(markdown.contains("![5xx rate per instance](post%20mortem-5xx.svg)"))
        let share = try String(contentsOfFile: dir.appending("out/post mortem-share.svg"), encoding: .utf8)
        #expect(share.hasPrefix("<svg") && share.contains("api/&lt;b&gt;api-3&lt;/b&gt;"))
        #expect(!FileManager.default.fileExists(atPath: dir.appending("out/post mortem-cpu.svg")))  // no CPU known

        let plain = dir.appending("out/plain.md")
        #expect(try postmoterm("export", "--output", plain, "--no-charts").status == 0)
        #expect(!(try String(contentsOfFile: plain, encoding: .utf8)).contains("!["))
        #expect(!FileManager.default.fileExists(atPath: dir.appending("out/plain-share.svg")))
    }
}
