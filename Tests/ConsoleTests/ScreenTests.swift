import Console
import Foundation
import PostmotermCore
import Testing

@Suite struct ScreenTests {
    @Test func standardTerminal() {
        let state = Fixtures.state()
        expectScreen(ConsoleRenderer.render(state, size: state.size), named: "main-80x24")
    }

    @Test func largeTerminal() {
        let size = TerminalSize(columns: 120, rows: 40)
        let state = Fixtures.state(size: size)
        expectScreen(ConsoleRenderer.render(state, size: size), named: "main-120x40")
    }

    @Test func smallestTerminal() {
        let size = TerminalSize(columns: 60, rows: 15)
        let state = Fixtures.state(size: size)
        expectScreen(ConsoleRenderer.render(state, size: size), named: "main-60x15")
    }

    @Test func tooSmallAndRecovers() {
        var state = Fixtures.state()
        state = ConsoleReducer.reduce(state, .resize(TerminalSize(columns: 59, rows: 20))).0
        let small = ConsoleRenderer.render(state, size: state.size)
        #expect(small.text().contains("Terminal too small: 59×20"))
        expectScreen(small, named: "too-small-59x20")
        state = ConsoleReducer.reduce(state, .resize(TerminalSize(columns: 80, rows: 24))).0
        #expect(ConsoleRenderer.render(state, size: state.size) == ConsoleRenderer.render(Fixtures.state(), size: state.size))
    }

    @Test func healthFocusedWithEditor() {
        var state = Fixtures.state()
        state = Fixtures.press(state, [.tab]).0
        state = Fixtures.press(state, [.character("n")] + Fixtures.type("api-2 drained, watching")).0
        expectScreen(ConsoleRenderer.render(state, size: state.size), named: "health-note-80x24")
    }

    /// Every key and its whole action, at any width (at 160 columns three columns of 53 used to
    /// cut the longest actions).
    @Test(arguments: [TerminalSize(columns: 120, rows: 40), TerminalSize(columns: 160, rows: 45), TerminalSize(columns: 240, rows: 50)])
    func helpListsEveryKey(size: TerminalSize) {
        let state = Fixtures.press(Fixtures.state(size: size), [.character("?")]).0
        let screen = ConsoleRenderer.render(state, size: size)
        let text = screen.text()
        for section in KeyGuide.sections {
            for entry in section.entries {
                #expect(text.contains(entry.keys), "help is missing \(entry.keys) at \(size.columns) columns")
                #expect(text.contains(entry.action), "help is missing \(entry.action) at \(size.columns) columns")
            }
        }
        if size.columns == 120 { expectScreen(screen, named: "help-120x40") }
    }

    @Test func noPlaybookNoBalancer() {
        let state = ConsoleState(
            incident: IncidentHeader(id: "2026-11-25-db", title: "Database slow", severity: "sev2", status: .investigating,
                                     startedAt: Fixtures.start),
            playbook: .empty, me: "bob", now: Fixtures.now)
        let text = ConsoleRenderer.render(state, size: state.size).text()
        #expect(text.contains("No playbook"))
        #expect(text.contains("No balancer. Add one"))
        expectScreen(ConsoleRenderer.render(state, size: state.size), named: "empty-80x24")
    }

    @Test func controlCharactersAreInert() {
        let state = Fixtures.state(size: TerminalSize(columns: 200, rows: 40))
        let buffer = ConsoleRenderer.render(state, size: state.size)
        for cell in buffer.cells {
            for scalar in cell.character.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "raw control U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(buffer.text().contains("^[[31mred^G"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let state = Fixtures.state(size: TerminalSize(columns: 120, rows: 40))
        let buffer = ConsoleRenderer.render(state, size: state.size)
        for y in 0..<buffer.height {
            var columns = 0
            var x = 0
            while x < buffer.width {
                let cell = buffer[x, y]
                #expect(cell.width != 0, "orphan continuation at \(x),\(y)")
                columns += Int(cell.width)
                x += max(1, Int(cell.width))
            }
            #expect(columns == buffer.width)
            #expect(DisplayWidth.of(buffer.line(y)) == buffer.width, "row \(y) is not exactly \(buffer.width) columns")
        }
        #expect(buffer.text().contains("王小明"))
    }

    @Test func staleAndUnreachableSourcesAreSpelledOut() {
        var state = Fixtures.state()
        state = ConsoleReducer.reduce(state, .pollUpdate(
            SourceStatus(label: Fixtures.source, state: .stale(since: Fixtures.now.addingTimeInterval(-12), reason: "timed out")),
            rows: nil)).0
        #expect(ConsoleRenderer.render(state, size: state.size).text().contains("STALE 12s"))
        state = ConsoleReducer.reduce(state, .pollUpdate(
            SourceStatus(label: "haproxy+tcp://127.0.0.1:9999", state: .unreachable(reason: "connection refused")), rows: nil)).0
        let wide = ConsoleRenderer.render(state, size: TerminalSize(columns: 160, rows: 30)).text()
        #expect(wide.contains("UNREACHABLE: connection refused"))
    }

    @Test func markersReadWithoutColour() {
        let text = ConsoleRenderer.render(Fixtures.state(), size: TerminalSize(columns: 80, rows: 24)).text()
        #expect(text.contains("DOWN"))
        #expect(text.contains("SKEW"))
        #expect(text.contains("OPEN"))
    }
}
