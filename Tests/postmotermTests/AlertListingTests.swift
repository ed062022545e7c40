import Foundation
import PostmotermCore
import Testing

@testable import postmoterm

/// `postmoterm alerts`: the table says what fires, where and since when, with every text inert.
struct AlertListingTests {
    @Test func theTableShowsEscapeSequencesInertAndSilencedApart() throws {
        let now = Timestamp(millisecondsSinceEpoch: 1_796_652_000_000)
        let hostile = Alert(
            fingerprint: "f1", labels: ["alertname": "Pool\u{1B}[2JSkew", "severity": "critical", "instance": "b"],
            annotations: ["summary": "b \u{1B}]0;owned\u{07} takes 80%"], startsAt: now.adding(milliseconds: -125_000))
        var silenced = Alert(fingerprint: "f2", labels: ["alertname": "Down"], startsAt: now.adding(milliseconds: -3_600_000))
        silenced.status = AlertStatus(state: .suppressed, silencedBy: ["s1"])
        let lines = AlertListing.lines([hostile, silenced], now: now)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } })
        #expect(lines[1].contains("Pool^[[2JSkew") && lines[1].contains("2m") && lines[1].contains("instance=b"))
        #expect(lines[1].hasSuffix("b ^[]0;owned^G takes 80%"))
        #expect(lines[2].contains("silenced"))
        let json = try AlertListing.json([("http://127.0.0.1:9093", hostile)])
        #expect(json.contains(#""fingerprint" : "f1""#))
        #expect(json.contains(#""source" : "http://127.0.0.1:9093""#))
        #expect(!json.contains("\u{1B}"))  // JSON escapes control characters (\u001b)
    }
}
