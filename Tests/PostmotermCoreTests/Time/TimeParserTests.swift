import PostmotermTestSupport
import Testing

@testable import PostmotermCore

@Suite struct TimeParserTests {
    let window = TimeWindow(incidentStartedAt: TimeInputTable.incidentStartedAt, now: TimeInputTable.now)

    @Test(arguments: TimeInputTable.accepted.map(\.input))
    func acceptsTheTable(input: String) throws {
        let expected = try #require(TimeInputTable.accepted.first { $0.input == input }).expected
        #expect(try TimeParser.parse(input, day: TimeInputTable.now, within: window).iso8601 == expected)
    }

    @Test(arguments: TimeInputTable.refused.map(\.input))
    func refusesTheTable(input: String) throws {
        let why = try #require(TimeInputTable.refused.first { $0.input == input }).why
        do {
            let parsed = try TimeParser.parse(input, day: TimeInputTable.now, within: window)
            Issue.record("'\(input)' was accepted as \(parsed.iso8601)")
        } catch {
            #expect(error.description.contains(why.rawValue), "\(error.description)")
        }
    }

    @Test func aTimeOfDayIsOnTheGivenDay() throws {
        let day = UTCDateTime(year: 2026, month: 11, day: 20, hour: 3).timestamp
        #expect(try TimeParser.parse("14:05", day: day).iso8601 == "2026-11-20T14:05:00.000Z")
    }

    /// Without a window any year reads, in the proleptic Gregorian calendar (Foundation's
    /// ISO8601DateFormatter read 0001-01-01 as 0000-12-30).
    @Test func farDatesReadInOneCalendar() throws {
        #expect(try TimeParser.parse("0001-01-01T00:00:00Z", day: TimeInputTable.now).iso8601 == "0001-01-01T00:00:00.000Z")
        #expect(try TimeParser.parse("1970-01-01 00:00", day: TimeInputTable.now).millisecondsSinceEpoch == 0)
    }

    @Test func theWindowReachesBackFromNowForANewIncident() throws {
        let now = TimeInputTable.now
        let fresh = TimeWindow(incidentStartedAt: nil, now: now)
        #expect(fresh.earliest == now.adding(milliseconds: -7 * 86_400_000))
        #expect(fresh.latest == now.adding(milliseconds: 60_000))
        // An incident whose start lies ahead of now (a clock set back) reaches back from now.
        let ahead = TimeWindow(incidentStartedAt: now.adding(milliseconds: 3_600_000), now: now)
        #expect(ahead.earliest == fresh.earliest)
    }

    @Test func errorNamesTheInputAndTheForms() {
        do {
            _ = try TimeParser.parse("noonish", day: TimeInputTable.now)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'noonish'"))
            #expect(error.description.contains("HH:MM"))
        }
    }
}
