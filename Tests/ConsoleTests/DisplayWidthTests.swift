import Console
import Testing
import PostmotermCore

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("日", 2), ("한", 2), ("🔥", 2), ("👩‍💻", 2), ("ｱ", 1), ("Ａ", 2),
        ("\u{200B}", 0), ("─", 1),
    ])
    func widths(_ text: String, _ expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test func truncateNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("日本語テキスト", to: 5) == "日本…")
        #expect(DisplayWidth.truncate("日本語テキスト", to: 5, ellipsis: false) == "日本")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
    }

    @Test func wrapBreaksAtSpacesAndSplitsLongWords() {
        #expect(DisplayWidth.wrap("the quick brown fox", to: 9) == ["the quick", "brown fox"])
        #expect(DisplayWidth.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func bufferClipsToTheRegionAndBlanksAStraddlingWideCharacter() {
        var buffer = CellBuffer(width: 6, height: 1)
        let end = buffer.put("ab日本", x: 0, y: 0, limit: 5)
        #expect(end == 5)
        #expect(buffer.line(0) == "ab日  ")
        buffer.put("x", x: 3, y: 0)  // overwrite the continuation of 日
        #expect(buffer.line(0) == "ab x  ")
        #expect(buffer[2, 0].width == 1)
    }

    @Test func bufferShowsControlsAsQuestionMarks() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.put("a\u{1B}b\u{9B}", x: 0, y: 0)
        #expect(buffer.line(0) == "a?b? ")
    }
}
