import Foundation
import PostmotermCore
import Testing

/// Issue 18.12: after a storm of resizes (and a resize to 1×1 and back) the screen is what a
/// fresh full repaint (Ctrl-L) shows, without pressing Ctrl-L.
@Suite(.serialized) struct ResizeStormTests {
    typealias Workspace = ConsoleEndToEndTests.Workspace

    /// The screen without the lines that change every second (clock and elapsed time).
    static func steady(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains("UTC") && !$0.contains("T+") }
    }

    @Test(.timeLimit(.minutes(1))) func aResizeStormLeavesTheSameScreenAsARepaint() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let incident = try workspace.store().createIncident(IncidentDraft(
            title: "Resize", playbookPath: workspace.playbookPath, author: Author(name: "bob")))
        let tmux = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--as", "bob"]), directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "Declare the incident")
        // 30 resizes as fast as tmux takes them, then 1×1, then back to the start size.
        for n in 0..<30 { try tmux.resize(columns: 60 + (n % 5) * 13, rows: 14 + (n % 4) * 5) }
        try tmux.resize(columns: 1, rows: 1)
        try tmux.resize(columns: 100, rows: 30)
        // Wait until the console has drawn a frame of the final size (its bottom row, the key
        // guide, is back) and the screen holds still between two captures.
        var settled = ""
        tmux.waitFor("a settled full-size frame") { screen in
            defer { settled = screen }
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            let full = lines.count >= 30 && !lines[29].trimmingCharacters(in: .whitespaces).isEmpty
                && screen.contains("Declare the incident")
            return full && screen == settled
        }
        try tmux.press("C-l")
        var repainted: [String] = []
        let expected = Self.steady(settled)
        tmux.waitFor("the repaint to match the screen after the storm") { screen in
            repainted = Self.steady(screen)
            return repainted == expected
        }
        #expect(repainted == expected)
    }
}
