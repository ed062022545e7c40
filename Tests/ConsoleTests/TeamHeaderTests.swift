import Console
import Foundation
import PostmotermCore
import Testing

/// The header shows the team store's state (issue 15): `team ✓` when everything is sent,
/// `team: 3 to send, unreachable 40s` while the store is away.
@Suite struct TeamHeaderTests {
    @Test func theHeaderSaysWhatWaitsAndForHowLong() {
        var state = Fixtures.state(size: TerminalSize(columns: 120, rows: 24))
        let now = Timestamp(state.now)
        state = ConsoleReducer.reduce(
            state, .teamStatus(TeamStatus(pending: 3, failingSince: now.adding(milliseconds: -40_000), lastError: "x"))).0
        let header = ConsoleRenderer.render(state, size: state.size).line(1)
        #expect(header.contains("team: 3 to send, unreachable 40s"))
        state = ConsoleReducer.reduce(state, .teamStatus(TeamStatus(pending: 0, lastSuccess: now))).0
        #expect(ConsoleRenderer.render(state, size: state.size).line(1).contains("team ✓"))
    }

    @Test func aLocalConsoleSaysNothingAboutATeam() {
        let state = Fixtures.state(size: TerminalSize(columns: 120, rows: 24))
        #expect(!ConsoleRenderer.render(state, size: state.size).text().contains("team"))
    }
}
