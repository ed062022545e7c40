import Foundation
import Synchronization
import Testing

@testable import postmoterm

/// The console's clock: a tick per wall-clock second, on the second, and none for a second a
/// poll has already shown.
@Suite struct SecondTickerTests {
    @Test func aSecondIsClaimedOnce() {
        let ticker = SecondTicker(lateBy: 900_000_000) { _ in }
        defer { ticker.stop() }
        let now = Date(timeIntervalSince1970: 2_000_000_000.25)
        #expect(ticker.claim(now))
        #expect(ticker.claim(now.addingTimeInterval(0.5)) == false)  // same second
        #expect(ticker.claim(now.addingTimeInterval(-1)) == false)  // an earlier one
        #expect(ticker.claim(now.addingTimeInterval(1)))
    }

    @Test func ticksOnTheSecondButNotForSecondsClaimedByPolls() async throws {
        let ticks = Mutex<[Date]>([])
        let ticker = SecondTicker { date in ticks.withLock { $0.append(date) } }
        defer { ticker.stop() }
        // A poll shows the next second before the clock gets to it.
        let claimed = Int(Date().timeIntervalSince1970.rounded(.down)) + 1
        #expect(ticker.claim(Date(timeIntervalSince1970: Double(claimed) + 0.0005)))
        let deadline = Date().addingTimeInterval(10)
        while ticks.withLock({ $0.count }) < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let seen = ticks.withLock { $0 }
        #expect(seen.count >= 2)
        let seconds = seen.map { Int($0.timeIntervalSince1970.rounded(.down)) }
        #expect(!seconds.contains(claimed), "ticked for \(claimed), which a poll had shown: \(seconds)")
        #expect(Set(seconds).count == seconds.count, "a second ticked twice: \(seconds)")
        // On the second: read just after the turn (1 ms late by default; allow a busy machine).
        for date in seen {
            let fraction = date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)
            #expect(fraction >= 0.0009 && fraction < 0.3, "tick \(fraction) s into its second")
        }
    }
}
