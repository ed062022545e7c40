import Foundation
import Testing

@testable import PostmotermCore

/// The alerts answer read straight from its bytes (``AlertsAnswerReader``) against what
/// `JSONDecoder` reads through `Alert`'s `Decodable` conformance, the path it replaced.
@Suite struct AlertsAnswerReaderTests {
    /// The reader's and JSONDecoder's readings of `text` (nil: refused).
    private static func both(_ text: String) -> (reader: [Alert]?, decoder: [Alert]?) {
        let bytes = Array(text.utf8)
        return (try? AlertsAnswerReader.alerts(bytes), try? JSONDecoder().decode([Alert].self, from: Data(bytes)))
    }

    static let alertmanagerAnswer = #"""
        [{"annotations":{"runbook_url":"https://runbooks.example/x","summary":"Pod is crash looping."},
          "endsAt":"2026-12-07T23:15:00.000Z","fingerprint":"0a1b2c3d4e5f6789","receivers":[{"name":"nowhere"}],
          "startsAt":"2026-12-07T23:00:00.123Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},
          "updatedAt":"2026-12-07T23:10:00.000Z","generatorURL":"http://prometheus:9090/graph?g0.expr=up",
          "labels":{"alertname":"KubePodCrashLooping","severity":"warning","pod":"api-1"}},
         {"annotations":{},"endsAt":null,"fingerprint":"ffff","receivers":[],"startsAt":1764000000000,
          "status":{"inhibitedBy":["0a1b"],"silencedBy":["8d3e"],"state":"suppressed"},
          "labels":{"alertname":"Esc\u001b[31mred","x":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/"}}]
        """#

    @Test func readsWhatAlertmanagerSendsAsJSONDecoderDoes() throws {
        let (reader, decoder) = Self.both(Self.alertmanagerAnswer)
        let alerts = try #require(reader)
        #expect(alerts == decoder)
        #expect(alerts.count == 2)
        #expect(alerts[0].fingerprint == "0a1b2c3d4e5f6789")
        #expect(alerts[0].runbookURL == "https://runbooks.example/x")
        #expect(alerts[0].startsAt == TimeParser.parseISO8601("2026-12-07T23:00:00.123Z"))
        #expect(alerts[0].status == AlertStatus(state: .active))
        #expect(alerts[1].startsAt == Timestamp(millisecondsSinceEpoch: 1_764_000_000_000))
        #expect(alerts[1].endsAt == nil)
        #expect(alerts[1].status.isSilenced && alerts[1].status.isInhibited)
        #expect(alerts[1].labels["alertname"] == "Esc\u{1B}[31mred")
        #expect(alerts[1].labels["x"] == "café 😀 \"q\" \\ /")
    }

    /// Inputs at the edges of the format: the reader accepts exactly what JSONDecoder accepts,
    /// and reads it alike.
    @Test(arguments: [
        "[]", " [ ] ", "[ ]x", "{}", "null", "", "[", "[{}]", "[1]",
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":null,"startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a","startsAt":null}]"#,
        #"[{"fingerprint":"a"}]"#,
        #"[{"fingerprint":7,"startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a","startsAt":"yesterday"}]"#,
        #"[{"fingerprint":"a","startsAt":-5}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","labels":null,"annotations":null,"endsAt":null,"updatedAt":null,"generatorURL":null}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","labels":{"a":1}}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","labels":[]}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","status":null}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","status":{}}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","status":{"state":"firing"}}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","status":{"state":"active","silencedBy":null,"inhibitedBy":["x"]}}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","receivers":[{"name":"x","n":[1,2,{"q":[]}]}]}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","receivers":tru}]"#,
        #"[{"fingerprint":"a\u12","startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a\ud800","startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a\x","startsAt":"2026-12-07T23:00:00Z"}]"#,
        "[{\"fingerprint\":\"a\tb\",\"startsAt\":\"2026-12-07T23:00:00Z\"}]",
        #"[{"fing\u0065rprint":"a","startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a","fingerprint":"b","startsAt":"2026-12-07T23:00:00Z"}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","labels":{"k":"1","k":"2"}}]"#,
    ])
    func acceptsWhatJSONDecoderAccepts(_ text: String) {
        let (reader, decoder) = Self.both(text)
        #expect(reader == decoder, "\(text)")
    }

    /// JSONDecoder takes trailing commas and leading zeros; the reader keeps to RFC 8259 (which
    /// Alertmanager writes).
    @Test(arguments: [
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z",}]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z"},]"#,
        #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","receivers":[01]}]"#,
    ])
    func keepsToTheJSONGrammarWhereJSONDecoderIsLaxer(_ text: String) {
        let (reader, decoder) = Self.both(text)
        #expect(reader == nil && decoder != nil, "\(text)")
    }

    @Test func invalidUTF8IsRefused() {
        let bytes = Array(#"[{"fingerprint":""#.utf8) + [0xC3, 0x28] + Array(#"","startsAt":"2026-12-07T23:00:00Z"}]"#.utf8)
        #expect((try? AlertsAnswerReader.alerts(bytes)) == nil)
        #expect((try? JSONDecoder().decode([Alert].self, from: Data(bytes))) == nil)
    }

    @Test func saysWhereTheAnswerWentWrong() {
        func detail(_ text: String) -> String? {
            do { _ = try AlertsAnswerReader.alerts(Array(text.utf8)) } catch { return error.detail }
            return nil
        }
        #expect(detail(#"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","status":{"state":"firing"}}]"#)?
            .hasPrefix("bad value at [0].status.state") == true)
        #expect(detail(#"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z"},{"startsAt":"2026-12-07T23:00:00Z"}]"#) == "missing fingerprint at [1]")
        #expect(detail(#"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","labels":{"a":1}}]"#) == "wrong type at [0].labels.a")
        #expect(detail(#"{"alerts":[]}"#) == "wrong type")
        #expect(detail("<html>") == "invalid JSON")
        #expect(detail(#"[{"fingerprint":"a","startsAt":"soon"}]"#) == "bad value at [0].startsAt: not an ISO 8601 time: soon")
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        let deep = #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","x":"# + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}]"
        #expect((try? AlertsAnswerReader.alerts(Array(deep.utf8))) == nil)
        let fine = #"[{"fingerprint":"a","startsAt":"2026-12-07T23:00:00Z","x":"# + String(repeating: "[", count: 100)
            + String(repeating: "]", count: 100) + "}]"
        #expect((try? AlertsAnswerReader.alerts(Array(fine.utf8)))?.count == 1)
    }
}
