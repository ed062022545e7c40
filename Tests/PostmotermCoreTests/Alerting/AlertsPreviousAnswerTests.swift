import Foundation
import PostmotermTestSupport
import Testing

@testable import PostmotermCore

/// An answer read against the previous one (``AlertsPreviousAnswer``) reads as it reads alone,
/// and takes again exactly the alerts whose bytes repeat but for `updatedAt` and `endsAt`.
@Suite struct AlertsPreviousAnswerTests {
    /// One alert as Alertmanager writes it; `updated` and `ends` are the minutes past 23:00.
    static func alert(_ fingerprint: String, name: String = "KubePodCrashLooping", pod: String = "api-1", updated: Int = 10,
                      ends: Int = 15, summary: String = "Pod is crash looping.") -> String {
        #"{"annotations":{"summary":"\#(summary)"},"endsAt":"2026-12-07T23:\#(ends):00.000Z","fingerprint":"\#(fingerprint)","receivers":[{"name":"x"}],"startsAt":"2026-12-07T22:00:00.000Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-12-07T23:\#(updated):00.000Z","generatorURL":"http://p/graph","labels":{"alertname":"\#(name)","pod":"\#(pod)"}}"#
    }

    static func answer(_ alerts: [String]) -> [UInt8] { Array(("[" + alerts.joined(separator: ",") + "]").utf8) }

    /// `next` read after `previous`: the alerts, how many were taken again; and it is what a read
    /// of `next` alone gives.
    static func readAfter(_ previous: [UInt8], _ next: [UInt8]) throws -> (alerts: [Alert], reused: Int) {
        var memory = AlertsPreviousAnswer()
        _ = try AlertsAnswerReader.alerts(previous, previous: &memory)
        let alerts = try AlertsAnswerReader.alerts(next, previous: &memory)
        #expect(alerts == (try AlertsAnswerReader.alerts(next)))
        #expect(memory.alerts == alerts)
        return (alerts, memory.reusedAlerts)
    }

    @Test func aReSendTakesEveryAlertAgainWithItsNewTimes() throws {
        let previous = Self.answer(["a", "b", "c"].map { Self.alert($0) })
        let next = Self.answer(["a", "b", "c"].map { Self.alert($0, updated: 11, ends: 16) })
        let (alerts, reused) = try Self.readAfter(previous, next)
        #expect(reused == 3)
        #expect(alerts.map(\.updatedAt) == Array(repeating: TimeParser.parseISO8601("2026-12-07T23:11:00Z"), count: 3))
        #expect(alerts.map(\.endsAt) == Array(repeating: TimeParser.parseISO8601("2026-12-07T23:16:00Z"), count: 3))
    }

    @Test func aNewAlertIsReadAndTheOthersTakenAgain() throws {
        let previous = Self.answer(["a", "c"].map { Self.alert($0) })
        let next = Self.answer(["a", "b", "c"].map { Self.alert($0, updated: 11) })
        let (alerts, reused) = try Self.readAfter(previous, next)
        #expect(alerts.map(\.fingerprint) == ["a", "b", "c"])
        #expect(reused == 2)
    }

    @Test func aGoneAlertIsSteppedOver() throws {
        let previous = Self.answer(["a", "b", "c", "d"].map { Self.alert($0) })
        let next = Self.answer(["a", "c", "d"].map { Self.alert($0, ends: 20) })
        let (alerts, reused) = try Self.readAfter(previous, next)
        #expect(alerts.map(\.fingerprint) == ["a", "c", "d"])
        // "c" is compared with "b" first, read in full, and "d" follows it again.
        #expect(reused == 2)
    }

    @Test func aChangedLabelOrAnnotationIsReadInFull() throws {
        let previous = Self.answer([Self.alert("a"), Self.alert("b"), Self.alert("c")])
        let next = Self.answer([Self.alert("a", pod: "api-2"), Self.alert("b", summary: "Still looping."), Self.alert("c", updated: 12)])
        let (alerts, reused) = try Self.readAfter(previous, next)
        #expect(alerts[0].labels["pod"] == "api-2")
        #expect(alerts[1].summary == "Still looping.")
        #expect(reused == 1)
    }

    @Test func aReorderedAnswerReadsAsItReadsAlone() throws {
        let previous = Self.answer(["a", "b", "c", "d"].map { Self.alert($0) })
        let next = Self.answer(["d", "c", "b", "a"].map { Self.alert($0, updated: 11) })
        let (alerts, _) = try Self.readAfter(previous, next)
        #expect(alerts.map(\.fingerprint) == ["d", "c", "b", "a"])
    }

    @Test func timesWrittenOtherwiseOrMissingReadAsAlone() throws {
        let previous = Array(#"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":null},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":1764000000000}]"#.utf8)
        for next in [
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":"2026-12-07T23:00:00Z"},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":null}]"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":1764000000001},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":1764000000123}]"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":"soon"},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":1.5}]"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":{}}]"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":nullx}]"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":null},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":1764000000000}"#,
            #"[{"fingerprint":"a","startsAt":"2026-12-07T22:00:00Z","endsAt":null,"endsAt":3},{"fingerprint":"b","startsAt":1764000000000,"updatedAt":17640000000001}]"#,
        ] {
            var memory = AlertsPreviousAnswer()
            _ = try AlertsAnswerReader.alerts(previous, previous: &memory)
            let alone = Result { () throws(AlertmanagerAnswerError) -> [Alert] in try AlertsAnswerReader.alerts(Array(next.utf8)) }
            let against = Result { () throws(AlertmanagerAnswerError) -> [Alert] in
                try AlertsAnswerReader.alerts(Array(next.utf8), previous: &memory)
            }
            #expect(alone == against, "\(next)")
        }
    }

    /// Escapes in labels, annotations and keys: the text is the one read alone, and an alert
    /// whose escapes did not change is taken again.
    @Test func escapesReadAsAlone() throws {
        let escaped = #"{"fingerprint":"e","startsAt":"2026-12-07T22:00:00Z","upd\u0061tedAt":"2026-12-07T23:10:00Z","labels":{"alertname":"Esc\u001b[31mred","x":"caf\u00e9 \ud83d\ude00 \"q\""}}"#
        let previous = Array("[\(escaped)]".utf8)
        let resent = Array("[\(escaped.replacingOccurrences(of: "23:10", with: "23:11"))]".utf8)
        let (alerts, reused) = try Self.readAfter(previous, resent)
        #expect(reused == 1)
        #expect(alerts[0].labels["alertname"] == "Esc\u{1B}[31mred")
        #expect(alerts[0].updatedAt == TimeParser.parseISO8601("2026-12-07T23:11:00Z"))
        let relabelled = Array("[\(escaped.replacingOccurrences(of: #"\u001b"#, with: #"\u001c"#))]".utf8)
        let (changed, reusedChanged) = try Self.readAfter(previous, relabelled)
        #expect(reusedChanged == 0)
        #expect(changed[0].labels["alertname"] == "Esc\u{1C}[31mred")
    }

    /// Random pairs built from a few alerts (kept, re-sent, relabelled, dropped, added, swapped):
    /// read against the previous answer, always as read alone.
    @Test func randomPairsReadAsAlone() throws {
        var random = SplitMixRandom(seed: 16)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<8, using: &random)
            let previous = (0..<count).map { Self.alert("f\($0)", updated: 10 + Int.random(in: 0..<3, using: &random)) }
            var next: [String] = []
            for index in 0..<count {
                switch Int.random(in: 0..<6, using: &random) {
                case 0: continue
                case 1: next.append(Self.alert("f\(index)", pod: "api-\(Int.random(in: 0..<3, using: &random))", updated: 10 + Int.random(in: 0..<3, using: &random)))
                case 2: next.append(Self.alert("n\(index)"))
                default: next.append(Self.alert("f\(index)", updated: 10 + Int.random(in: 0..<3, using: &random), ends: 15 + Int.random(in: 0..<3, using: &random)))
                }
            }
            if next.count > 1, Int.random(in: 0..<4, using: &random) == 0 { next.swapAt(0, next.count - 1) }
            _ = try Self.readAfter(Self.answer(previous), Self.answer(next))
        }
    }
}
