import Foundation
import Testing

@testable import PostmotermCore

@Suite struct TimestampTests {
    @Test func formatsISO8601WithMilliseconds() {
        let t = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30, second: 0, millisecond: 123).timestamp
        #expect(t.iso8601 == "2026-11-25T14:30:00.123Z")
        #expect(t.hourMinute == "14:30")
        #expect(t.hourMinuteSecond == "14:30:00")
        #expect(t.isoDate == "2026-11-25")
        #expect(t.longDate == "25 November 2026")
    }

    @Test func agreesWithFoundationAcrossYears() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var ms: Int64 = -2_208_988_800_000  // 1900-01-01
        while ms < 4_102_444_800_000 {  // 2100-01-01
            let t = Timestamp(millisecondsSinceEpoch: ms)
            #expect(t.iso8601 == formatter.string(from: t.date))
            #expect(UTCDateTime(t).timestamp == t)
            ms += 86_400_000 * 37 + 3_600_000 * 5 + 61_001
        }
    }

    @Test func beforeTheEpochRoundsTowardsThePast() {
        let t = Timestamp(millisecondsSinceEpoch: -1)
        #expect(t.iso8601 == "1969-12-31T23:59:59.999Z")
        #expect(t.hourMinuteSecond == "23:59:59")
        #expect(t.utcDayNumber == -1)
        #expect(Timestamp(millisecondsSinceEpoch: 0).dateTimeUTC == "1970-01-01 00:00:00 UTC")
    }

    @Test func timerForTheConsole() {
        #expect(ElapsedTime(seconds: 45.9).timer == "45s")
        #expect(ElapsedTime(seconds: 12 * 60 + 5).timer == "12m05s")
        #expect(ElapsedTime(seconds: 3 * 3600 + 7 * 60).timer == "3h07m")
        #expect(ElapsedTime(seconds: 2 * 86_400 + 4 * 3600).timer == "2d04h")
        #expect(ElapsedTime(seconds: -5).timer == "0s")
        #expect(ElapsedTime(seconds: .nan).timer == "0s")
        #expect(ElapsedTime(seconds: .infinity).timer == "0s")
    }

    @Test func codableRoundTripsAsISOString() throws {
        let t = Timestamp(millisecondsSinceEpoch: 1_795_000_000_123)
        let data = try JSONEncoder().encode([t])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(t.iso8601)\"]")
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [t])
        let fromNumber = try JSONDecoder().decode([Timestamp].self, from: Data("[1795000000123]".utf8))
        #expect(fromNumber == [t])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data("[\"yesterday\"]".utf8))
        }
    }

    @Test func elapsedTimeInWords() {
        #expect(ElapsedTime(milliseconds: 90 * 60_000).spelledOut == "1 h 30 m")
        #expect(ElapsedTime(milliseconds: 60 * 60_000).spelledOut == "1 h")
        #expect(ElapsedTime(milliseconds: 45_999).spelledOut == "45 s")
        #expect(ElapsedTime(milliseconds: 0).spelledOut == "0 s")
        #expect(ElapsedTime(milliseconds: (2 * 86_400 + 3 * 3600 + 5 * 60) * 1000).spelledOut == "2 d 3 h 5 m")
        #expect(ElapsedTime(milliseconds: -120_000).spelledOut == "minus 2 m")
        // Exact, never rounded to the minute (issue 13.4: a 1 m 43 s mitigation is not "1 minute").
        #expect(ElapsedTime(milliseconds: 103_400).spelledOut == "1 m 43 s")
        #expect(ElapsedTime(milliseconds: (3600 + 5) * 1000).spelledOut == "1 h 5 s")
        #expect(ElapsedTime(milliseconds: 90 * 60_000).compact == "1h30m")
        #expect(ElapsedTime(milliseconds: 12 * 60_000).compact == "12m")
        #expect(ElapsedTime(milliseconds: 26 * 3_600_000).compact == "1d2h")
    }

    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock(Timestamp(millisecondsSinceEpoch: 1000))
        #expect(clock.now() == Timestamp(millisecondsSinceEpoch: 1000))
        clock.advance(milliseconds: 250)
        #expect(clock.now() == Timestamp(millisecondsSinceEpoch: 1250))
        clock.set(Timestamp(millisecondsSinceEpoch: 5))
        #expect(clock.now().millisecondsSinceEpoch == 5)
    }

    @Test func systemClockIsNearFoundation() {
        let a = SystemClock().now()
        let b = Timestamp(Date())
        #expect(abs(b.milliseconds(since: a)) < 5_000)
    }
}
