import CNcursesw
import Console
import PostmotermCore
#if canImport(Glibc)
import Glibc
#endif

/// The one owner of every curses call. Draws ``CellBuffer`` frames, writing only the cells that
/// changed since the last frame (nothing at all when nothing changed), and reads keys.
public actor CursesTerminal {
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var outputFile: UnsafeMutablePointer<FILE>?
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var previous: CellBuffer?
    private var previousCursor: CellBuffer.Cursor?
    private var cursorVisible = false
    private var colorsEnabled = false
    private var closed = false
    /// Cells written to curses since opening (a test and benchmark figure).
    public private(set) var cellsWritten = 0

    /// Opens the real terminal on standard input and output.
    ///
    /// Fails (never exits) when either is not a terminal or `TERM` is missing or unknown, so
    /// the caller can print one clear line and exit 2.
    public init(colors: ColorMode, environment: [String: String]) throws(CursesError) {
        let term = try Self.checkUsable(environment: environment)
        Self.selectUTF8Locale()
        TerminalGuard.saveTerminalModes()
        guard let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r") else {
            throw .cannotOpen(path: "/dev/tty")
        }
        let opened = try Self.open(term: term, output: output, input: input, colors: colors)
        screen = opened.screen
        outputFile = output
        inputFile = input
        window = opened.window
        colorsEnabled = opened.colorsEnabled
        TerminalGuard.setRestoreSequence(Self.restoreSequence())
    }

    /// The `TERM` to open when standard input and output are terminals and terminfo says `TERM`
    /// can run a full-screen console; else the reason it cannot. Touches no terminal and no
    /// file: `open` asks this before it creates a data directory or an incident.
    @discardableResult
    public static func checkUsable(environment: [String: String]) throws(CursesError) -> String {
        guard isatty(STDOUT_FILENO) == 1 else { throw .notATerminal(stream: "output") }
        guard isatty(STDIN_FILENO) == 1 else { throw .notATerminal(stream: "input") }
        guard let term = environment["TERM"], !term.isEmpty else { throw .termNotSet }
        switch pm_term_capability(term) {
        case 1: return term
        case 0: throw .incapableTerminal(term)
        default: throw .unknownTerminal(term)
        }
    }

    /// A headless screen for tests and benchmarks: curses draws into its own memory and writes
    /// the terminal bytes to `outputPath` (default /dev/null); nothing is read from a keyboard.
    public init(headlessTerm term: String, columns: Int, rows: Int, outputPath: String = "/dev/null", colors: ColorMode = .none)
        throws(CursesError)
    {
        Self.selectUTF8Locale()
        guard let output = fopen(outputPath, "w"), let input = fopen("/dev/null", "r") else {
            throw .cannotOpen(path: outputPath)
        }
        let opened = try Self.open(term: term, output: output, input: input, colors: colors)
        screen = opened.screen
        outputFile = output
        inputFile = input
        window = opened.window
        colorsEnabled = opened.colorsEnabled
        _ = resize_term(Int32(rows), Int32(columns))
    }

    /// `newterm` on the two streams (closed again when TERM is unknown), then configured.
    private static func open(
        term: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>, colors: ColorMode
    ) throws(CursesError) -> (screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>?, colorsEnabled: Bool) {
        guard let screen = newterm(term, output, input) else {
            fclose(output)
            fclose(input)
            throw .unknownTerminal(term)
        }
        let (window, colorsEnabled) = configure(screen: screen, colors: colors)
        return (screen, window, colorsEnabled)
    }

    /// The user's locale, or C.UTF-8 for the character type when it is not UTF-8: wide
    /// characters need a UTF-8 `LC_CTYPE` (see STYLE.md pitfalls).
    private static func selectUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private static func configure(screen: OpaquePointer, colors: ColorMode) -> (UnsafeMutablePointer<WINDOW>?, Bool) {
        _ = set_term(screen)
        let window = pm_stdscr()
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = set_escdelay(25)
        // No look for typeahead during each update (two poll(2) calls a frame): frames are small
        // diffs, and keys are read between them anyway.
        _ = typeahead(-1)
        _ = curs_set(0)
        _ = leaveok(window, false)
        var enabled = false
        if colors == .automatic, has_colors() {
            _ = start_color()
            _ = use_default_colors()
            let pairs: [(ColorRole, Int32)] = [
                (.accent, COLOR_CYAN), (.good, COLOR_GREEN), (.warning, COLOR_YELLOW), (.danger, COLOR_RED),
            ]
            for (role, color) in pairs {
                _ = init_pair(Int16(role.rawValue), Int16(color), -1)
            }
            enabled = true
        }
        return (window, enabled)
    }

    /// Terminfo strings that undo curses: attributes off, cursor normal, leave the alternate
    /// screen, keypad transmit off (for the crash path, see ``TerminalGuard``).
    private static func restoreSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmcup", "rmkx"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            var pointer = UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
            while pointer.pointee != 0 {
                bytes.append(pointer.pointee)
                pointer += 1
            }
        }
        bytes.append(contentsOf: Array("\r\n".utf8))
        return bytes
    }

    /// The screen size curses knows.
    public func size() -> TerminalSize {
        guard let window else { return TerminalSize(columns: 0, rows: 0) }
        return TerminalSize(columns: Int(pm_getmaxx(window)), rows: Int(pm_getmaxy(window)))
    }

    /// Draws `buffer`, writing only the cells that differ from the previous frame. Returns the
    /// number of cells written (0 when nothing changed: then curses is not called at all).
    ///
    /// Cells are plain values (``Cell``), so an unchanged row is found with one `memcmp` and only
    /// the rows that differ are compared cell by cell; each changed cell's characters go to
    /// curses from the cell's inline scalars, without a `String`.
    @discardableResult
    public func draw(_ buffer: CellBuffer) -> Int {
        guard let window, !closed else { return 0 }
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        let written: Int
        if full {
            _ = werase(window)
            written = buffer.cells.withUnsafeBufferPointer { cells in
                drawRows(cells, comparedWith: nil, width: buffer.width, height: buffer.height, in: window)
            }
            previous = buffer
        } else if Self.sameStorage(buffer, previous!) {
            // The very frame drawn last (a full draw keeps the caller's buffer until it changes).
            written = 0
        } else {
            // The last frame is this terminal's own copy, brought up to date row by row as rows
            // are drawn: the caller's buffer is never kept, so it can draw its next frame over
            // this one in place.
            written = buffer.cells.withUnsafeBufferPointer { cells in
                previous!.withUnsafeMutableCells { old in
                    drawRows(cells, comparedWith: old, width: buffer.width, height: buffer.height, in: window)
                }
            }
        }
        let cursorChanged = buffer.cursor != previousCursor
        previousCursor = buffer.cursor
        if written == 0 && !cursorChanged { return 0 }
        if let cursor = buffer.cursor {
            if !cursorVisible { _ = curs_set(1) }
            cursorVisible = true
            _ = wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            if cursorVisible { _ = curs_set(0) }
            cursorVisible = false
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
        cellsWritten += written
        return written
    }

    /// Whether two buffers share their cells' storage (read without asking for a unique copy).
    private static func sameStorage(_ first: CellBuffer, _ second: CellBuffer) -> Bool {
        first.cells.withUnsafeBufferPointer { one in second.cells.withUnsafeBufferPointer { $0.baseAddress == one.baseAddress } }
    }

    /// Writes the cells of each row that differ from `old` (every cell when `old` is nil), and
    /// copies each such row into `old`.
    private func drawRows(
        _ cells: UnsafeBufferPointer<Cell>, comparedWith old: UnsafeMutableBufferPointer<Cell>?, width: Int, height: Int,
        in window: UnsafeMutablePointer<WINDOW>
    ) -> Int {
        guard let base = cells.baseAddress, width > 0 else { return 0 }
        let oldBase = old.flatMap { $0.count == cells.count ? $0.baseAddress : nil }
        let rowBytes = width * MemoryLayout<Cell>.stride
        var written = 0
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: Cell.maxScalars + 1) { text in
            guard let text = text.baseAddress else { return }
            for y in 0..<height {
                let row = base + y * width
                let oldRow = oldBase.map { $0 + y * width }
                if let oldRow, memcmp(row, oldRow, rowBytes) == 0 { continue }
                for x in 0..<width {
                    let cell = row[x]
                    if let oldRow, oldRow[x] == cell { continue }
                    if cell.isContinuation { continue }
                    let scalars = cell.scalars
                    let count = scalars.count
                    if count == 0 {
                        text[0] = 0x20
                        text[1] = 0
                    } else {
                        for index in 0..<count { text[index] = wchar_t(bitPattern: scalars[index]) }
                        text[count] = 0
                    }
                    let (attrs, pair) = attributes(cell.style)
                    _ = pm_put_cell(window, Int32(y), Int32(x), text, attrs, pair)
                    written += 1
                }
                oldRow?.update(from: row, count: width)
            }
        }
        return written
    }

    /// Forgets what the terminal shows, so the next frame is drawn in full (Ctrl-L). Also after
    /// every resize: the terminal may have rewrapped or kept old cells (a resize storm, 1×1 and
    /// back) while curses' copy of the screen was only cut or extended, so the next `doupdate`
    /// would skip cells curses believes are already right ("T+2m75s", old columns) until
    /// Ctrl-L. `clearok` makes it clear and repaint the whole screen instead.
    public func invalidate() {
        guard let window else { return }
        previous = nil
        _ = clearok(window, true)
    }

    /// Reads every key waiting (never blocks). A resize is reported with the new size.
    public func readInput() -> [TerminalInput] {
        guard let window, !closed else { return [] }
        var inputs: [TerminalInput] = []
        var value: wint_t = 0
        while inputs.count < 512 {
            let result = wget_wch(window, &value)
            if result == ERR { break }
            if result == pm_key_code_yes() {
                if Int32(value) == pm_key_resize() {
                    invalidate()
                    inputs.append(.resize(size()))
                } else if let key = KeyDecoder.decode(code: Int32(value)) {
                    inputs.append(.key(key))
                }
            } else if let key = KeyDecoder.decode(character: UInt32(value)) {
                inputs.append(.key(key))
            }
        }
        return inputs
    }

    /// Reads the window size from the terminal (after SIGWINCH) and resizes curses' screen.
    public func refreshSize() -> TerminalSize {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            _ = resize_term(Int32(size.ws_row), Int32(size.ws_col))
            invalidate()
        }
        return self.size()
    }

    /// Resizes a headless screen (tests).
    public func resize(to size: TerminalSize) {
        _ = resize_term(Int32(size.rows), Int32(size.columns))
        previous = nil
    }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = curs_set(1)
        _ = endwin()
        if let screen { delscreen(screen) }
        screen = nil
        window = nil
        if let outputFile { fclose(outputFile) }
        if let inputFile { fclose(inputFile) }
        outputFile = nil
        inputFile = nil
    }

    /// The text of row `y` as curses holds it (tests read the screen back with this).
    public func readBack(row y: Int) -> String {
        guard let window else { return "" }
        var out = ""
        var buffer = [wchar_t](repeating: 0, count: 16)
        var attrs: attr_t = 0
        let width = Int(pm_getmaxx(window))
        var x = 0
        while x < width {
            defer { x += 1 }
            guard pm_read_cell(window, Int32(y), Int32(x), &buffer, 16, &attrs) != ERR else { continue }
            for value in buffer {
                if value == 0 { break }
                if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { out.unicodeScalars.append(scalar) }
            }
            // curses reports a wide character in both of its columns.
            if let first = Unicode.Scalar(UInt32(bitPattern: buffer[0])), DisplayWidth.of(first) == 2 { x += 1 }
        }
        return out
    }

    /// The attributes curses holds for one cell (tests).
    public func readBackAttributes(x: Int, y: Int) -> (bold: Bool, reverse: Bool, underline: Bool) {
        guard let window else { return (false, false, false) }
        var buffer = [wchar_t](repeating: 0, count: 16)
        var attrs: attr_t = 0
        _ = pm_read_cell(window, Int32(y), Int32(x), &buffer, 16, &attrs)
        return (attrs & pm_a_bold() != 0, attrs & pm_a_reverse() != 0, attrs & pm_a_underline() != 0)
    }

    private func attributes(_ style: CellStyle) -> (attr_t, Int16) {
        var attrs = pm_a_normal()
        if style.bold { attrs |= pm_a_bold() }
        if style.reverse { attrs |= pm_a_reverse() }
        if style.underline { attrs |= pm_a_underline() }
        if style.foreground == .dim { attrs |= pm_a_dim() }
        var pair: Int16 = 0
        if colorsEnabled {
            switch style.foreground {
            case .accent, .good, .warning, .danger: pair = Int16(style.foreground.rawValue)
            case .normal, .dim: pair = 0
            }
        }
        return (attrs, pair)
    }
}
