import Testing

@testable import PostmotermCore

@Suite struct TimeParserTests {
    let now = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30, second: 10, millisecond: 500).timestamp

    private func parse(_ text: String) throws -> String {
        try TimeParser.parse(text, now: now).iso8601
    }

    @Test func timeOfDayIsTodayInUTC() throws {
        #expect(try parse("14:05") == "2026-11-25T14:05:00.000Z")
        #expect(try parse("9:05") == "2026-11-25T09:05:00.000Z")
        #expect(try parse(" 23:59:58 ") == "2026-11-25T23:59:58.000Z")
        #expect(try parse("00:00") == "2026-11-25T00:00:00.000Z")
    }

    @Test func iso8601Forms() throws {
        #expect(try parse("2026-11-24T23:10:00Z") == "2026-11-24T23:10:00.000Z")
        #expect(try parse("2026-11-24T23:10") == "2026-11-24T23:10:00.000Z")
        #expect(try parse("2026-11-24 23:10:05.5") == "2026-11-24T23:10:05.500Z")
        #expect(try parse("2026-11-24T23:10:05.12345Z") == "2026-11-24T23:10:05.123Z")
        #expect(try parse("2026-11-24T23:10:05.007Z") == "2026-11-24T23:10:05.007Z")
        #expect(try parse("2026-11-25T01:10:00+02:00") == "2026-11-24T23:10:00.000Z")
        #expect(try parse("2026-11-24T18:10:00-0500") == "2026-11-24T23:10:00.000Z")
        #expect(try parse("2026-11-25T00:10:00+01") == "2026-11-24T23:10:00.000Z")
    }

    @Test(arguments: [
        "", "  ", "25:00", "14:60", "14:5", "1430", "yesterday", "14:30:61", "2026-02-30T10:00Z",
        "2026-11-25", "2026-11-25T14:30:00+25:00", "2026-11-25T14:30:00Zjunk", "14:30 UTC",
    ])
    func rejectsWhatIsNotATime(text: String) {
        #expect(throws: TimeParseError.self) { try TimeParser.parse(text, now: now) }
    }

    @Test func errorNamesTheInputAndTheForms() {
        do {
            _ = try TimeParser.parse("noonish", now: now)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'noonish'"))
            #expect(error.description.contains("HH:MM"))
        }
    }
}
