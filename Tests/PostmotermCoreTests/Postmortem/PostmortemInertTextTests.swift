import Foundation
import Testing

@testable import PostmotermCore

/// Issue 18.6: escape sequences in notes, titles and names never reach a terminal through an
/// export, and the Markdown draft shows them rather than dropping them.
@Suite struct PostmortemInertTextTests {
    static let osc52 = "\u{1B}]52;c;QQ==\u{07}"
    static let clear = "\u{1B}[2J"
    static let title = "\u{1B}]0;pwned\u{07}API down"
    static let bidi = "al\u{202E}ice"

    private func input() throws -> PostmortemInput {
        let clock = ManualClock(CraftedIncident.at(9, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let author = Author(name: Self.bidi)
        let incident = try store.createIncident(IncidentDraft(title: Self.title, author: author))
        clock.advance(milliseconds: 60_000)
        _ = try store.append(.note("copy \(Self.osc52) then \(Self.clear)\u{9B}31m", author: author), to: incident.id)
        return PostmortemInput(
            incident: try store.incident(incident.id), events: try store.events(of: incident.id), generatedAt: clock.now())
    }

    @Test func markdownShowsControlsInsteadOfSendingThem() throws {
        let markdown = PostmortemExporter.markdown(try input())
        for scalar in markdown.unicodeScalars {
            #expect(scalar.value >= 0x20 || scalar == "\n" || scalar == "\t", "raw control U+\(String(scalar.value, radix: 16))")
            #expect(!(0x7F...0x9F).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value))
        }
        #expect(markdown.contains("# Postmortem: ^[]0;pwned^GAPI down\n"))
        #expect(markdown.contains("copy ^[]52;c;QQ==^G then ^[[2J<U+009B>31m"))
        #expect(markdown.contains("al<U+202E>ice"))
    }

    @Test func jsonEscapesEveryControlAndDecodesToTheSameText() throws {
        let data = try PostmortemExporter.json(try input())
        let json = String(decoding: data, as: UTF8.self)
        for scalar in json.unicodeScalars {
            #expect(scalar.value >= 0x20 || scalar == "\n", "raw control U+\(String(scalar.value, radix: 16))")
            #expect(!(0x7F...0x9F).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value))
        }
        #expect(json.contains("\\u202E"))
        let decoded = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let incident = decoded?["incident"] as? [String: Any]
        #expect(incident?["title"] as? String == Self.title)
    }
}
