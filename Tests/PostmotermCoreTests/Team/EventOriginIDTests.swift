import Foundation
import PostmotermTestSupport
import Testing

@testable import PostmotermCore

/// Event origin ids are UUIDv7 made from an injected clock and randomness (issue 15).
@Suite struct EventOriginIDTests {
    let start = UTCDateTime(year: 2026, month: 12, day: 7, hour: 20, minute: 0).timestamp

    @Test func theTextFormIsAVersion7UUIDWithTheClocksMilliseconds() throws {
        let generator = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 1))
        let id = generator.next()
        let text = id.text
        #expect(text.count == 36)
        #expect(Array(text)[14] == "7")
        #expect("89ab".contains(Array(text)[19]))
        #expect(id.timestamp == start)
        #expect(EventOriginID(text) == id)
        #expect(EventOriginID(text.uppercased()) == id)
    }

    @Test func theSameClockAndSeedGiveTheSameIds() {
        let first = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 7))
        let second = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 7))
        #expect((0..<5).map { _ in first.next() } == (0..<5).map { _ in second.next() })
    }

    @Test func idsStrictlyGrowWhenTheClockStandsStillOrStepsBack() {
        let clock = ManualClock(start)
        let generator = EventOriginIDGenerator(clock: clock, random: SplitMixRandom(seed: 3))
        var ids: [EventOriginID] = []
        for index in 0..<10_000 {
            if index == 5_000 { clock.advance(milliseconds: -60_000) }
            ids.append(generator.next())
        }
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(ids).count == ids.count)
    }

    @Test func malformedTextIsRejected() {
        for text in ["", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b6c7d", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g"] {
            #expect(EventOriginID(text) == nil, "\(text)")
        }
    }

    @Test func itEncodesAsItsText() throws {
        let id = EventOriginIDGenerator(clock: ManualClock(start), random: SplitMixRandom(seed: 1)).next()
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(id.text)\"]")
        #expect(try JSONDecoder().decode([EventOriginID].self, from: data) == [id])
    }
}
