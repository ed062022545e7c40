import Testing
@testable import PostmotermCore

@Suite struct PlaybookFileTextTests {
    private func failure(_ bytes: [UInt8]) -> SourceDiagnostic? {
        if case .failure(let diagnostic) = PlaybookFileText.decode(bytes, path: "p.md") { return diagnostic }
        return nil
    }

    @Test func acceptsUTF8AndDropsTheByteOrderMark() throws {
        let text = try PlaybookFileText.decode([0xEF, 0xBB, 0xBF] + Array("# Zürich\n".utf8), path: "p.md").get()
        #expect(text == "# Zürich\n")
    }

    @Test func rejectsBinaryAtTheFirstNul() throws {
        let diagnostic = try #require(failure(Array("ok\nab".utf8) + [0, 1, 2]))
        #expect(diagnostic.message.hasPrefix("binary file"))
        #expect(diagnostic.line == 2)
        #expect(diagnostic.column == 3)
        #expect(diagnostic.severity == .error)
    }

    @Test func rejectsInvalidUTF8WithItsPosition() throws {
        let diagnostic = try #require(failure(Array("# T\n\ncaf".utf8) + [0xE9, 0x0A]))
        #expect(diagnostic.message.contains("not valid UTF-8"))
        #expect(diagnostic.message.contains("0xE9"))
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 4)
    }

    @Test func utf8ValidatorFollowsRFC3629() {
        #expect(PlaybookFileText.firstInvalidUTF8Offset(Array("aé€😀".utf8)) == nil)
        #expect(PlaybookFileText.firstInvalidUTF8Offset([0x61, 0xC0, 0x80]) == 1)      // overlong
        #expect(PlaybookFileText.firstInvalidUTF8Offset([0xED, 0xA0, 0x80]) == 0)      // surrogate
        #expect(PlaybookFileText.firstInvalidUTF8Offset([0xF4, 0x90, 0x80, 0x80]) == 0) // > U+10FFFF
        #expect(PlaybookFileText.firstInvalidUTF8Offset([0x61, 0x62, 0xE2, 0x82]) == 2) // truncated
        #expect(PlaybookFileText.firstInvalidUTF8Offset([0x80]) == 0)                   // lone continuation
    }

    @Test func rejectsEmptyAndWhitespaceOnlyFiles() throws {
        for bytes in [[], Array(" \n\t\r\n".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
            let diagnostic = try #require(failure(bytes))
            #expect(diagnostic.message.hasPrefix("file is empty"))
            #expect(diagnostic.line == 1 && diagnostic.column == 1)
        }
    }

    @Test func refusesFilesOverTheLimit() throws {
        let diagnostic = try #require(failure([UInt8](repeating: 0x61, count: PlaybookFileText.maximumByteCount + 1)))
        #expect(diagnostic.message.hasPrefix("file is too large"))
    }
}
