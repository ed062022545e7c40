import Foundation
import PostmotermCore
import Testing

/// Faults at the terminal (issue 18.13, 18.15): Ctrl-\ leaves the terminal as it found it, and
/// a terminal the console cannot run in is refused before anything is created.
@Suite(.serialized) struct ConsoleFaultTests {
    typealias Workspace = ConsoleEndToEndTests.Workspace

    @Test(.timeLimit(.minutes(1))) func unusableTerminalsAreRefusedBeforeAnythingIsCreated() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let cases: [(String?, String)] = [
            (nil, "TERM is not set"),
            ("dumb", "TERM=dumb cannot move the cursor"),
            ("no-such-terminal-xyz", "unknown terminal type TERM=no-such-terminal-xyz"),
        ]
        for (term, expected) in cases {
            let tmux = try ConsoleTmux(
                command: workspace.open([workspace.playbookPath, "--title", "Should not exist"], term: term), directory: workspace.url)
            defer { tmux.stop() }
            #expect(tmux.waitForExit() == 2)
            tmux.waitFor(text: expected)
            #expect(!FileManager.default.fileExists(atPath: workspace.dataDirectory), "TERM=\(term ?? "unset") created the data directory")
        }
    }

    @Test(.timeLimit(.minutes(1))) func ctrlBackslashQuitsWithTheTerminalRestored() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let incident = try workspace.store().createIncident(IncidentDraft(
            title: "Quit", playbookPath: workspace.playbookPath, author: Author(name: "bob")))
        let tmux = try ConsoleTmux(
            command: workspace.open(["--incident", incident.id.rawValue, "--as", "bob"]), directory: workspace.url)
        defer { tmux.stop() }
        tmux.waitFor(text: "Declare the incident")
        #expect(tmux.alternateScreen)
        try tmux.press("C-\\")
        #expect(tmux.waitForExit() == 131)
        #expect(!tmux.alternateScreen, "SIGQUIT left the terminal in curses' alternate screen")
        #expect(tmux.format("#{cursor_flag}") == "1", "SIGQUIT left the cursor hidden")
    }
}
