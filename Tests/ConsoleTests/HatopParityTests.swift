import Foundation
import Testing
@testable import Console
import PostmotermCore

/// The health pane's hatop parity: BACKEND and FRONTEND rows folded per pool, the column picker,
/// the process line and the runtime command line (`:`), as reducer values and screens.
@Suite struct HatopParityTests {
    static func detail(_ values: [TrafficDetail.Field: UInt64]) -> TrafficDetail {
        var detail = TrafficDetail()
        for (field, value) in values { detail[field] = value }
        return detail
    }

    /// The fixture's servers with hatop's figures, their pool's BACKEND row and a FRONTEND row.
    static var rows: [HealthRow] {
        var servers = Fixtures.rows
        for index in servers.indices {
            servers[index].detail = detail([
                .bytesIn: 120_000 * UInt64(index + 1), .bytesOut: 3_400_000, .responses2xx: 900, .responses4xx: 12,
                .connectionErrors: UInt64(index), .checkFailures: 2, .checkDowns: 1, .downtimeSeconds: index == 1 ? 300 : 0,
                .sessionLimit: 100, .maxSessions: 40,
            ])
            servers[index].responses5xx = index == 1 ? 410 : 3
        }
        let backend = HealthRow(source: Fixtures.source, pool: "api", instance: "BACKEND", status: .up, sessions: 48,
                                requestsPerSecond: 175, errorPercent: 35, kind: .backend,
                                detail: detail([.bytesIn: 720_000, .responses2xx: 2700, .sessionLimit: 300]), responses5xx: 416)
        let frontend = HealthRow(source: Fixtures.source, pool: "www", instance: "www", status: .other("OPEN"), sessions: 50,
                                 requestsPerSecond: 180, kind: .frontend, detail: detail([.bytesIn: 800_000, .responses2xx: 2700]),
                                 responses5xx: 416)
        return servers + [backend, frontend]
    }

    static func state(size: TerminalSize = TerminalSize(columns: 80, rows: 24), readOnly: Bool = false) -> ConsoleState {
        var state = Fixtures.state(size: size)
        state.readOnly = readOnly
        var source = SourceStatus(label: Fixtures.source, state: .live)
        source.process = ProcessLine(version: "2.6.12", startedAt: Fixtures.now.addingTimeInterval(-7260), connections: 12,
                                     maxConnections: 4096, connectionRate: 3)
        state = ConsoleReducer.reduce(state, .pollUpdate(source, rows: rows)).0
        return Fixtures.press(state, [.tab]).0  // the health pane
    }

    @Test func serversComeWorstFirstThenTheirBackendThenFrontends() {
        let state = Self.state()
        #expect(state.health.map(\.instance) == ["api-2", "api-1", "api-3", "BACKEND", "www"])
        #expect(state.healthSummary.instances == 3 && state.healthSummary.down == 1)
    }

    @Test func spaceFoldsThePoolToItsBackendRow() {
        let folded = Fixtures.press(Self.state(), [.character(" ")]).0
        #expect(folded.health.map(\.instance) == ["BACKEND", "www"])
        #expect(folded.selectedHealthRow?.kind == .backend)
        let unfolded = Fixtures.press(folded, [.character(" ")]).0
        #expect(unfolded.health.map(\.instance) == ["api-2", "api-1", "api-3", "BACKEND", "www"])
    }

    @Test func actionsRefuseSummaryRows() {
        let state = Fixtures.press(Self.state(), [.character("G"), .character("d")]).0
        #expect(state.mode == .normal)
        #expect(state.notice?.text.contains("FRONTEND row cannot be drained") == true)
    }

    @Test func theColumnPickerHidesAColumn() {
        var state = Self.state(size: TerminalSize(columns: 200, rows: 30))
        state = Fixtures.press(state, [.character("c")]).0
        #expect(state.mode == .pickingColumns(cursor: 0))
        expectScreen(ConsoleRenderer.render(state, size: state.size), named: "health-columns-200x30")
        state = Fixtures.press(state, [.character(" "), .escape]).0
        #expect(state.hiddenHealthColumns == [.status] && state.mode == .normal)
        #expect(!ConsoleRenderer.render(state, size: state.size).text().contains("STATUS"))
    }

    @Test func widerTerminalsShowHatopsColumns() {
        let medium = ConsoleRenderer.render(Self.state(size: TerminalSize(columns: 160, rows: 30)), size: TerminalSize(columns: 160, rows: 30))
        var wide = Self.state(size: TerminalSize(columns: 240, rows: 30))
        // The console's own columns but STATUS hidden with the picker: hatop's take their room.
        wide.hiddenHealthColumns = Set(HealthColumnID.allCases.filter { !$0.isHatop && $0 != .status })
        let wideScreen = ConsoleRenderer.render(wide, size: wide.size)
        expectScreen(medium, named: "health-hatop-160x30")
        // The summary rows' names are whole before any optional column takes the width.
        #expect(medium.text().contains("- api BACKEND") && medium.text().contains("www FRONTEND"), "\(medium.text())")
        expectScreen(wideScreen, named: "health-hatop-240x30")
        let text = wideScreen.text()
        for title in ["BIN", "BOUT", "2XX", "4XX", "5XX", "ECON", "CF", "CD", "DOWNT", "SLIM", "720k", "800k", "api BACKEND", "www FRONTEND"] {
            #expect(text.contains(title), "missing \(title)")
        }
        #expect(text.contains("HAProxy 2.6.12 · up 2h01m · 12/4096 conns · 3 conn/s"))
    }

    @Test func readOnlyCommandsRunAtOnce() {
        let (state, commands) = Fixtures.press(Self.state(), [.character(":")] + Fixtures.type("show info") + [.enter])
        #expect(commands == [.runtimeCommand(RuntimeCommandRequest(source: Fixtures.source, command: "show info", changesState: false))])
        #expect(state.mode == .normal)
    }

    @Test func mutatingCommandsAskFirst() {
        let typed = Fixtures.press(Self.state(), [.character(":")] + Fixtures.type("disable server api/api-2") + [.enter])
        #expect(typed.1.isEmpty)
        let request = RuntimeCommandRequest(source: Fixtures.source, command: "disable server api/api-2", changesState: true)
        #expect(typed.0.mode == .confirming(.runtimeCommand(request)))
        #expect(Fixtures.press(typed.0, [.character("n")]).1.isEmpty)
        #expect(Fixtures.press(typed.0, [.character("y")]).1 == [.runtimeCommand(request)])
    }

    @Test func readOnlyConsoleRefusesMutatingCommandsButAnswersShow() {
        let base = Self.state(readOnly: true)
        let refused = Fixtures.press(base, [.character(":")] + Fixtures.type("set server api/api-2 weight 1") + [.enter])
        #expect(refused.1.isEmpty && refused.0.mode == .normal)
        #expect(refused.0.notice?.text.contains("--read-only") == true)
        #expect(Fixtures.press(base, [.character(":")] + Fixtures.type("show stat") + [.enter]).1.count == 1)
        let chained = Fixtures.press(Self.state(), [.character(":")] + Fixtures.type("show info; disable server api/api-2") + [.enter])
        #expect(chained.1.isEmpty && chained.0.notice?.isError == true)
    }

    @Test func theAnswerIsAnInertScrollableView() {
        let request = RuntimeCommandRequest(source: Fixtures.source, command: "show info", changesState: false)
        let answer = (0..<60).map { "Line\($0): \u{1B}[31mvalue" }.joined(separator: "\n") + "\n\n"
        var state = ConsoleReducer.reduce(Self.state(), .commandResult(.runtimeAnswer(request, succeeded: true, answer: answer))).0
        guard case .runtimeAnswer(let view) = state.mode else {
            Issue.record("no answer view: \(state.mode)")
            return
        }
        #expect(view.lines.count == 60)
        state = Fixtures.press(state, [.character("j"), .character("j")]).0
        let screen = ConsoleRenderer.render(state, size: state.size)
        expectScreen(screen, named: "runtime-answer-80x24")
        let text = screen.text()
        #expect(text.contains("Line2: ^[[31mvalue") && !text.contains("Line1:"))
        state = Fixtures.press(state, [.escape]).0
        #expect(state.mode == .normal)
    }
}
