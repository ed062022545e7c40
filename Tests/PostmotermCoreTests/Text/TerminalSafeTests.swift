import Testing
@testable import PostmotermCore

@Suite struct TerminalSafeTests {
    @Test func plainTextIsUnchanged() {
        #expect(TerminalSafe.escape("set server api/api-2 weight 1") == "set server api/api-2 weight 1")
        #expect(TerminalSafe.escape("Zürich — 東京 ✓") == "Zürich — 東京 ✓")
        #expect(!TerminalSafe.needsEscaping("Zürich — 東京 ✓"))
    }

    @Test func escapeSequencesBecomeCaretNotation() {
        #expect(TerminalSafe.escape("\u{1B}[2Jgone") == "^[[2Jgone")
        #expect(TerminalSafe.escape("\u{1B}]0;title\u{07}") == "^[]0;title^G")
        #expect(TerminalSafe.escape("a\u{0}b\u{7F}") == "a^@b^?")
        #expect(TerminalSafe.needsEscaping("\u{1B}"))
    }

    @Test func c1AndBidiControlsBecomeCodePoints() {
        #expect(TerminalSafe.escape("x\u{9B}31m") == "x<U+009B>31m")
        #expect(TerminalSafe.escape("abc\u{202E}fed") == "abc<U+202E>fed")
        #expect(TerminalSafe.escape("a\u{2028}b") == "a<U+2028>b")
    }

    @Test func layoutIsEscapedUnlessAllowed() {
        #expect(TerminalSafe.escape("a\tb\nc") == "a^Ib^Jc")
        #expect(TerminalSafe.escape("a\tb\nc", allowing: .layout) == "a\tb\nc")
        #expect(TerminalSafe.escape("a\tb\nc", allowing: .newlines) == "a^Ib\nc")
    }

    @Test func carriageReturnNeverPassesAlone() {
        #expect(TerminalSafe.escape("ok\r\nnext", allowing: .newlines) == "ok\nnext")
        #expect(TerminalSafe.escape("fake\rreal", allowing: .layout) == "fake^Mreal")
        #expect(TerminalSafe.escape("ok\r\n") == "ok^M^J")
    }

    @Test func escapedTextHasNoControlScalarsLeft() {
        let hostile = (0..<0xA0).map { String(Unicode.Scalar(UInt8($0))) }.joined()
        let escaped = TerminalSafe.escape(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!TerminalSafe.needsEscaping(escaped))
    }
}
