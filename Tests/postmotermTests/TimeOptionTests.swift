import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import postmoterm

/// `--at` against the one table of time inputs that the console's time edit is tested against
/// too (`TimeInputTable`).
@Suite struct TimeOptionTests {
    static func timestamp(_ input: String) throws -> Timestamp? {
        // A value starting with `-` (`-1:30`) is given as `--at=VALUE` on a command line.
        try TimeOption.parse(input.hasPrefix("-") ? ["--at=\(input)"] : ["--at", input])
            .timestamp(incidentStartedAt: TimeInputTable.incidentStartedAt, now: TimeInputTable.now)
    }

    @Test(arguments: TimeInputTable.accepted.map(\.input))
    func acceptsTheTable(input: String) throws {
        let expected = try #require(TimeInputTable.accepted.first { $0.input == input }).expected
        #expect(try Self.timestamp(input)?.iso8601 == expected)
    }

    @Test(arguments: TimeInputTable.refused.map(\.input))
    func refusesTheTable(input: String) throws {
        let why = try #require(TimeInputTable.refused.first { $0.input == input }).why
        do {
            let parsed = try Self.timestamp(input)
            Issue.record("'\(input)' was accepted as \(parsed?.iso8601 ?? "nothing")")
        } catch {
            let message = String(describing: error)
            #expect(message.hasPrefix("--at: "), "\(message)")
            #expect(message.contains(why.rawValue), "\(message)")
        }
    }

    @Test func withoutAtThereIsNoTime() throws {
        #expect(try TimeOption.parse([]).timestamp(incidentStartedAt: nil) == nil)
    }

    /// `start --at`: the incident does not exist yet, so the window reaches back from now.
    @Test func startReachesBackAWeekFromNow() throws {
        let option = try TimeOption.parse(["--at", "2026-11-18T14:31:00Z"])
        #expect(try option.timestamp(incidentStartedAt: nil, now: TimeInputTable.now)?.iso8601 == "2026-11-18T14:31:00.000Z")
        let tooEarly = try TimeOption.parse(["--at", "2026-11-18T14:31:00Z"])
        #expect(throws: (any Error).self) {
            try tooEarly.timestamp(incidentStartedAt: nil, now: TimeInputTable.now.adding(milliseconds: 3_600_000))
        }
    }
}
