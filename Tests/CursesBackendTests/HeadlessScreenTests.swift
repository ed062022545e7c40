import Console
import CursesBackend
import Foundation
import Testing

/// Real ncurses, no TTY: `newterm` writes to a file, the tests read curses' own screen back.
@Suite(.serialized) struct HeadlessScreenTests {
    static func sample(width: Int = 40, height: Int = 6) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        buffer.put("postmoterm headless", x: 0, y: 0, style: .bold)
        buffer.put("api-2 DOWN 83% SKEW", x: 2, y: 1, style: CellStyle(foreground: .danger, reverse: true))
        buffer.put("王小明 客户投诉 🔥 ok", x: 0, y: 2)
        buffer.put("café e\u{301} naïve", x: 0, y: 3, style: CellStyle(underline: true))
        buffer.put("esc \u{1B}[31m stays inert", x: 0, y: 4)
        buffer.put("│ right edge 日本", x: width - 12, y: 5)
        return buffer
    }

    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pm-curses-\(UUID().uuidString)").path
    }

    @Test func drawsWhatTheBufferHolds() async throws {
        let terminal = try CursesTerminal(headlessTerm: "xterm-256color", columns: 40, rows: 6)
        let buffer = Self.sample()
        let written = await terminal.draw(buffer)
        #expect(written == 40 * 6 - buffer.cells.filter(\.isContinuation).count)
        for y in 0..<buffer.height {
            let row = await terminal.readBack(row: y)
            #expect(row == buffer.line(y), "row \(y)")
        }
        let bold = await terminal.readBackAttributes(x: 0, y: 0)
        #expect(bold.bold && !bold.reverse)
        let reverse = await terminal.readBackAttributes(x: 2, y: 1)
        #expect(reverse.reverse)
        let underline = await terminal.readBackAttributes(x: 0, y: 3)
        #expect(underline.underline)
        await terminal.close()
    }

    @Test func writesNothingWhenNothingChanged() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let terminal = try CursesTerminal(headlessTerm: "xterm-256color", columns: 40, rows: 6, outputPath: path)
        let buffer = Self.sample()
        await terminal.draw(buffer)
        let sizeAfterFirst = try Self.fileSize(path)
        #expect(sizeAfterFirst > 0)
        #expect(await terminal.draw(buffer) == 0)
        #expect(try Self.fileSize(path) == sizeAfterFirst, "bytes were written for an unchanged frame")

        var changed = buffer
        changed.put("UP  ", x: 8, y: 1, style: .good)
        let cells = await terminal.draw(changed)
        #expect(cells == 4)
        #expect(await terminal.readBack(row: 1) == changed.line(1))
        let grown = try Self.fileSize(path) - sizeAfterFirst
        #expect(grown > 0 && grown < 80, "a 4-cell change wrote \(grown) bytes")
        await terminal.close()
    }

    /// The terminal keeps its own copy of the last frame, brought up to date row by row: an
    /// earlier frame drawn again gets its cells back, and a caller drawing its next frame over
    /// the one it passed (in place) is compared with what the screen shows.
    @Test func theLastFrameIsTheTerminalsOwnCopy() async throws {
        let terminal = try CursesTerminal(headlessTerm: "xterm-256color", columns: 40, rows: 6, outputPath: "/dev/null")
        var frame = Self.sample()
        let first = frame
        await terminal.draw(frame)
        frame.put("UP  ", x: 8, y: 1, style: .good)
        #expect(await terminal.draw(frame) == 4)
        #expect(await terminal.draw(first) == 4)
        #expect(await terminal.readBack(row: 1) == first.line(1))
        #expect(await terminal.draw(first) == 0)
        frame.put("DOWN", x: 8, y: 1, style: .danger)
        #expect(await terminal.draw(frame) > 0)
        #expect(await terminal.readBack(row: 1) == frame.line(1))
        #expect(await terminal.draw(frame) == 0)
        await terminal.close()
    }

    @Test func resizeDrawsTheWholeNewFrame() async throws {
        let terminal = try CursesTerminal(headlessTerm: "xterm-256color", columns: 40, rows: 6)
        await terminal.draw(Self.sample())
        await terminal.resize(to: TerminalSize(columns: 60, rows: 8))
        #expect(await terminal.size() == TerminalSize(columns: 60, rows: 8))
        let bigger = Self.sample(width: 60, height: 8)
        await terminal.draw(bigger)
        for y in 0..<bigger.height {
            #expect(await terminal.readBack(row: y) == bigger.line(y))
        }
        await terminal.close()
    }

    @Test func aRenderedConsoleScreenReadsBackExactly() async throws {
        let size = TerminalSize(columns: 80, rows: 24)
        let state = ConsoleState(
            incident: IncidentHeader(id: "2026-11-25-x", title: "Tést 日本 \u{1B}]0;pwned\u{07}", severity: "sev2",
                                     status: .investigating, startedAt: Date(timeIntervalSince1970: 0)),
            playbook: .empty, me: "bob", now: Date(timeIntervalSince1970: 75))
        let buffer = ConsoleRenderer.render(state, size: size)
        let terminal = try CursesTerminal(headlessTerm: "xterm-256color", columns: 80, rows: 24, colors: .automatic)
        await terminal.draw(buffer)
        for y in 0..<24 {
            #expect(await terminal.readBack(row: y) == buffer.line(y), "row \(y)")
        }
        let top = await terminal.readBack(row: 0)
        #expect(top.contains("^[]0;pwned^G"), "\(top)")
        await terminal.close()
    }

    @Test func unknownTerminalIsAnErrorNotAnExit() {
        #expect(throws: CursesError.unknownTerminal("no-such-terminal-xyz")) {
            _ = try CursesTerminal(headlessTerm: "no-such-terminal-xyz", columns: 80, rows: 24)
        }
    }

    @Test func noColorTurnsColourOff() {
        #expect(ColorMode.fromEnvironment(["NO_COLOR": "1"]) == ColorMode.none)
        #expect(ColorMode.fromEnvironment(["NO_COLOR": ""]) == .automatic)
        #expect(ColorMode.fromEnvironment([:]) == .automatic)
    }

    static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }
}
