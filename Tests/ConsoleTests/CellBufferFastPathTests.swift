@testable import Console
import Testing
import PostmotermCore

/// The buffer's fast paths (ASCII straight into the cells, standalone scalars without grapheme
/// breaking, padded and repeated writes) against the general algorithm they replace: the same
/// cells, character by character, width and style, for awkward text at every position.
@Suite struct CellBufferFastPathTests {
    static let texts = [
        "", "plain ascii", "trailing space ", "  leading", "a\u{301}", "e\u{301}tude", "cafe\u{301} x", "x\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}",
        "日本語テキスト", "ab日本", "한국어 text", "─── rule ───", "│", "⚑ api-2 DOWN", "🔥 fire", "👍🏽 ok", "👩‍💻 dev", "🇩🇪 flag",
        "e\u{FE0F}", "esc \u{1B}[31m red", "tab\there", "cr\r\nlf", "\u{9B}c1", "\u{200B}zw", "\u{0600}1 prepend", "ᄀ\u{1161} jamo",
        "mixed 日a\u{301}🔥─x", "客户投诉 API 超时 🔥 (support tickets)", "…", "a…b", "Ａ全角", "ｱ半角",
    ]

    /// The general algorithm (grapheme by grapheme), written against the public cell API.
    static func referencePut(_ buffer: inout CellBuffer, _ text: String, x: Int, y: Int, limit: Int? = nil, style: CellStyle) -> Int {
        guard y >= 0, y < buffer.height else { return x }
        let end = min(limit ?? buffer.width, buffer.width)
        var column = x
        func clear(_ x: Int, _ columns: Int) {
            if buffer[x, y].isContinuation, x > 0 { buffer[x - 1, y] = Cell(character: " ", width: 1, style: buffer[x - 1, y].style) }
            let after = x + columns
            if after < buffer.width, buffer[after, y].isContinuation {
                buffer[after, y] = Cell(character: " ", width: 1, style: buffer[after, y].style)
            }
        }
        for character in text {
            if column >= end { break }
            var scalars = character.unicodeScalars.makeIterator()
            guard let base = scalars.next() else { continue }
            var shown = String(base)
            var columns = DisplayWidth.of(base)
            if base.value < 0x20 || (0x7F...0x9F).contains(base.value) {
                shown = "?"
                columns = 1
            } else if columns == 0 {
                continue
            } else {
                while let next = scalars.next() {
                    if next.properties.generalCategory == .nonspacingMark || next.properties.generalCategory == .enclosingMark {
                        shown.unicodeScalars.append(next)
                    } else if next.value == 0x200D {
                        break
                    }
                }
            }
            if column < 0 {
                column += columns
                continue
            }
            if columns == 2 && column + 1 >= end {
                buffer[column, y] = Cell(character: " ", width: 1, style: style)
                column += 1
                break
            }
            clear(column, columns)
            buffer[column, y] = Cell(character: String(shown.unicodeScalars.prefix(Cell.maxScalars).map(Character.init)), width: UInt8(columns), style: style)
            if columns == 2 { buffer[column + 1, y] = Cell(character: "", width: 0, style: style) }
            column += columns
        }
        return column
    }

    /// A row with a wide character in it, so overwrites orphan halves.
    static func background() -> CellBuffer {
        var buffer = CellBuffer(width: 16, height: 1)
        _ = referencePut(&buffer, "日本x語y한z", x: 1, y: 0, style: .dim)
        return buffer
    }

    static func describe(_ buffer: CellBuffer) -> [String] {
        buffer.cells.map { "\($0.character)|\($0.width)|\($0.style.foreground)|\($0.style.bold)" }
    }

    @Test func putMatchesTheGraphemeAlgorithm() {
        for text in Self.texts {
            for x in -3...15 {
                for limit in [nil, 5, 9, 16] {
                    var fast = Self.background()
                    var reference = Self.background()
                    let fastEnd = fast.put(text, x: x, y: 0, limit: limit, style: .warning)
                    let referenceEnd = Self.referencePut(&reference, text, x: x, y: 0, limit: limit, style: .warning)
                    #expect(fastEnd == referenceEnd, "\(text) at \(x) limit \(String(describing: limit))")
                    #expect(Self.describe(fast) == Self.describe(reference), "\(text) at \(x) limit \(String(describing: limit))")
                }
            }
        }
    }

    @Test func putPaddedMatchesPuttingThePaddedText() {
        for text in Self.texts + ["7", "12.5", "100%", "UP", "srv1003"] {
            for x in 0...12 {
                for columns in [1, 3, 5, 8] {
                    for alignRight in [false, true] {
                        var fast = Self.background()
                        var reference = Self.background()
                        let limit = min(16, x + columns)
                        let fastEnd = fast.putPadded(text, x: x, y: 0, columns: columns, alignRight: alignRight, limit: limit, style: .good)
                        let referenceEnd = reference.put(DisplayWidth.pad(text, to: columns, alignRight: alignRight), x: x, y: 0, limit: limit, style: .good)
                        #expect(fastEnd == referenceEnd, "\(text) at \(x) in \(columns)")
                        #expect(Self.describe(fast) == Self.describe(reference), "\(text) at \(x) in \(columns)")
                    }
                }
            }
        }
    }

    @Test func putRepeatedMatchesPuttingTheRepeatedText() {
        for scalar: Unicode.Scalar in ["─", "│", "x", "日", "\u{301}"] {
            for x in 0...15 {
                for count in [0, 1, 4, 20] {
                    var fast = Self.background()
                    var reference = Self.background()
                    let fastEnd = fast.putRepeated(scalar, count: count, x: x, y: 0, limit: 12, style: .dim)
                    let referenceEnd = reference.put(String(repeating: String(scalar), count: count), x: x, y: 0, limit: 12, style: .dim)
                    #expect(fastEnd == referenceEnd, "\(scalar) ×\(count) at \(x)")
                    #expect(Self.describe(fast) == Self.describe(reference), "\(scalar) ×\(count) at \(x)")
                }
            }
        }
    }

    @Test func cellIsAPlainValueWithoutPadding() {
        #expect(_isPOD(Cell.self))
        #expect(MemoryLayout<Cell>.size == MemoryLayout<Cell>.stride, "padding bytes would break the row memcmp")
        #expect(MemoryLayout<Cell>.size == 24)
        #expect(MemoryLayout<CellStyle>.size == 3)
    }

    @Test func cellKeepsABaseAndUpToFourMarks() {
        var cell = Cell(character: "e\u{301}\u{302}", width: 1, style: .plain)
        #expect(cell.character == "e\u{301}\u{302}")
        #expect(cell.scalars.count == 3)
        cell.character = "x\u{301}\u{302}\u{303}\u{304}\u{305}"
        #expect(cell.character == "x\u{301}\u{302}\u{303}\u{304}", "a curses cell holds five")
        #expect(Cell.blank.character == " " && Cell.continuation(style: .plain).character == "")
        #expect(Cell(ascii: 0x41, style: .bold) == Cell(character: "A", width: 1, style: .bold))
    }

    @Test func styleKeepsEveryField() {
        var style = CellStyle(foreground: .danger, background: .accent, bold: true, reverse: false, underline: true)
        #expect(style.foreground == .danger && style.background == .accent && style.bold && !style.reverse && style.underline)
        style.reverse = true
        style.bold = false
        style.foreground = .good
        #expect(style == CellStyle(foreground: .good, background: .accent, bold: false, reverse: true, underline: true))
        #expect(style.reversed.reverse == false)
    }

    @Test func asciiWrapMatchesTheGeneralWrap() {
        let texts = [
            "the quick brown fox", "abcdefghij", "a  b   c", "  lead", "trail  ", "x\n\ny z", "", "\n", "one\ntwo three four",
            "Look at the share of every instance; one with far more than its fair share is suspect.", "   ", "ab cdefghijklmnop q",
        ]
        for text in texts {
            for columns in 1...14 {
                #expect(DisplayWidth.wrap(text, to: columns) == DisplayWidth.wrapCharacters(text, to: columns), "\(text.debugDescription) in \(columns)")
            }
        }
    }
}
