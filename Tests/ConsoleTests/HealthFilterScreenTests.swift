import Console
import Testing

/// The health pane lists exactly ``ConsoleState/visibleHealth`` under a filter (the renderer
/// matches names without lowercasing each row; the state is the reference).
@Suite struct HealthFilterScreenTests {
    static func healthText(_ buffer: CellBuffer, _ region: Region) -> String {
        var text = ""
        for y in region.y..<region.maxY {
            for x in region.x..<region.maxX { text += buffer[x, y].character }
            text += "\n"
        }
        return text
    }

    @Test(arguments: ["2", "DoWn", "api", "API-3", "zzz", "Ü", "p", " "])
    func filteredRowsAreTheStatesVisibleRows(_ filter: String) throws {
        var state = Fixtures.state(size: TerminalSize(columns: 120, rows: 40))
        state.filters[.health] = filter
        let layout = try #require(ScreenLayout(size: state.size))
        let shown = Self.healthText(ConsoleRenderer.render(state, size: state.size), layout.health)
        let visible = Set(state.visibleHealth.map(\.instance))
        for row in state.health {
            #expect(shown.contains(row.instance + " ") == visible.contains(row.instance), "\(row.instance) with filter \(filter)")
        }
        if visible.isEmpty { #expect(shown.contains("No instance matches the filter")) }
    }
}
