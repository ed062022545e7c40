#if canImport(Glibc)
import Glibc
#endif

/// Where a large markdown text may be cut into sections that cmark-gfm parses one by one (and so
/// on several threads), each starting with a top-level ATX heading line.
///
/// Why a cut there gives the tree of a whole parse: CommonMark parses blocks line by line, and a
/// `#`…`######` heading at column 0 closes every open block — it is no list-item or block-quote
/// continuation, no lazy paragraph line, and it interrupts a paragraph — except a top-level
/// fenced code block, HTML block or (GFM) table, which may take the line as content. So when the
/// text before the cut does not end inside one of those, the blocks before the cut are those of
/// that text parsed alone, and the blocks from the cut on are those of the rest parsed alone.
/// Inline parsing only looks at its own block, apart from link reference definitions, which
/// count document-wide.
///
/// This type chooses the cuts from the bytes alone and refuses texts that contain anything
/// that looks like a link reference definition (`]:`). Whether the text before a cut ends inside
/// a fenced code block, an HTML block or a table is decided by the parser itself
/// (``CmarkDocumentReader``): the cuts here avoid the usual cases (inside what looks like a
/// fence or an HTML block, right after a table row) but are not a proof.
struct MarkdownSections {
    /// One section: its bytes and the lines before it.
    struct Section: Equatable {
        /// Byte offsets in the text; sections follow each other without gaps.
        var range: Range<Int>
        /// Line endings before the section (`\n`, `\r\n` and a lone `\r` count once each, as
        /// in cmark): added to the lines cmark reports for the section.
        var lineOffset: Int
    }

    /// Up to `count` sections of about equal size covering `text`, or `nil` when the text must
    /// be parsed whole (no usable heading line, or a possible link reference definition).
    static func split(_ text: UnsafeBufferPointer<UInt8>, count: Int) -> [Section]? {
        guard count > 1, !mayDefineLinkReference(text) else { return nil }
        var cuts: [Int] = []
        var nextTarget = text.count / count
        var lineStart = 0
        /// The last line before the current one that is not blank.
        var previousContent: Range<Int>?
        /// A guess at the code fence or HTML block a line is in: no cut there.
        var openFence: (character: UInt8, length: Int)?
        var inHTMLComment = false
        var inHTML = false
        while lineStart < text.count, cuts.count < count - 1 {
            let lineEnd = firstIndex(of: UInt8(ascii: "\n"), in: text, from: lineStart)
            let line = lineStart..<lineEnd
            let blank = isBlank(text, line)
            if let fence = openFence {
                if let closing = self.fence(text, line), closing.character == fence.character,
                   closing.length >= fence.length, closing.infoIsEmpty {
                    openFence = nil
                }
            } else if inHTMLComment {
                if contains(text, line, "-->") { inHTMLComment = false }
            } else if inHTML {
                if blank { inHTML = false }
            } else {
                if lineStart >= nextTarget, lineStart > 0, isHeadingLine(text, line),
                   previousContent.map({ !mayBeTableRow(text, $0) }) ?? true {
                    cuts.append(lineStart)
                    nextTarget = text.count * (cuts.count + 1) / count
                }
                if let fence = self.fence(text, line) {
                    openFence = (fence.character, fence.length)
                } else if let first = firstNonSpace(text, line), text[first] == UInt8(ascii: "<") {
                    inHTMLComment = contains(text, first..<line.upperBound, "<!--") && !contains(text, first..<line.upperBound, "-->")
                    inHTML = !inHTMLComment
                }
            }
            if !blank { previousContent = line }
            lineStart = lineEnd + 1
        }
        return cuts.isEmpty ? nil : sections(cuttingAt: cuts, in: text)
    }

    /// A line of three or more backticks or tildes after at most three spaces: the fence
    /// character, its length and whether nothing but spaces follows.
    static func fence(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (character: UInt8, length: Int, infoIsEmpty: Bool)? {
        guard let first = firstNonSpace(text, line), first - line.lowerBound < 4 else { return nil }
        let character = text[first]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var end = first
        while end < line.upperBound, text[end] == character { end += 1 }
        guard end - first >= 3 else { return nil }
        let infoIsEmpty = text[end..<line.upperBound].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        return (character, end - first, infoIsEmpty)
    }

    private static func firstNonSpace(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Int? {
        line.first { text[$0] != UInt8(ascii: " ") && text[$0] != UInt8(ascii: "\t") }
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard range.count >= count else { return false }
        let bytes = needle.utf8Start
        for start in range.lowerBound...(range.upperBound - count) {
            var index = 0
            while index < count, text[start + index] == bytes[index] { index += 1 }
            if index == count { return true }
        }
        return false
    }

    /// The sections of `text` cut at `cuts` (ascending offsets of line starts, none at 0).
    static func sections(cuttingAt cuts: [Int], in text: UnsafeBufferPointer<UInt8>) -> [Section] {
        let hasCarriageReturn = firstIndex(of: UInt8(ascii: "\r"), in: text, from: 0) < text.count
        var sections: [Section] = []
        sections.reserveCapacity(cuts.count + 1)
        var start = 0
        var lineOffset = 0
        for cut in cuts + [text.count] {
            sections.append(Section(range: start..<cut, lineOffset: lineOffset))
            let part = UnsafeBufferPointer(rebasing: text[start..<cut])
            lineOffset += hasCarriageReturn ? lineEndings(in: part) : newlines(in: part)
            start = cut
        }
        return sections
    }

    /// Every start of a line that ``isHeadingLine(_:_:)`` accepts, but the first byte: all the
    /// places a cut may be tried at (tests cut at each).
    static func headingLineStarts(_ text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts: [Int] = []
        var lineStart = 0
        while lineStart < text.count {
            let lineEnd = firstIndex(of: UInt8(ascii: "\n"), in: text, from: lineStart)
            if lineStart > 0, isHeadingLine(text, lineStart..<lineEnd) { starts.append(lineStart) }
            lineStart = lineEnd + 1
        }
        return starts
    }

    /// Whether `]:` occurs anywhere: every link reference definition (and footnote definition)
    /// has it, and a definition anywhere can change a link in any section.
    static func mayDefineLinkReference(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < text.count {
            let bracket = firstIndex(of: UInt8(ascii: "]"), in: text, from: index)
            if bracket + 1 < text.count, text[bracket + 1] == UInt8(ascii: ":") { return true }
            index = bracket + 1
        }
        return false
    }

    /// The index of the first `byte` at or after `start`, or `text.count` (`memchr`: these scans
    /// run over the whole text before any parsing starts).
    private static func firstIndex(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < text.count, let base = text.baseAddress,
              let found = memchr(base + start, Int32(byte), text.count - start) else { return text.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// `#` to `######` at column 0, then a space, a tab or the end of the line.
    static func isHeadingLine(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var index = line.lowerBound
        while index < line.upperBound, index - line.lowerBound < 7, text[index] == UInt8(ascii: "#") { index += 1 }
        let hashes = index - line.lowerBound
        guard (1...6).contains(hashes) else { return false }
        if index == line.upperBound { return true }
        let next = text[index]
        return next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\r")
    }

    /// Whether `line` may be a table row: a table ending on the line before a cut cannot be
    /// shown closed (``CmarkDocumentReader/lastBlockEndsBeforeHeading(_:text:)``), so the cut
    /// would be parsed again.
    private static func mayBeTableRow(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        text[line].contains(UInt8(ascii: "|"))
    }

    private static func isBlank(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        text[line].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// The `\n` bytes in `bytes`.
    private static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: 0)
        while index < bytes.count {
            count += 1
            index = firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: index + 1)
        }
        return count
    }

    /// The line endings in `bytes` as cmark counts them: `\n`, `\r\n`, and a lone `\r`.
    static func lineEndings(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = newlines(in: bytes)
        var index = firstIndex(of: UInt8(ascii: "\r"), in: bytes, from: 0)
        while index < bytes.count {
            if index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n") { count += 1 }
            index = firstIndex(of: UInt8(ascii: "\r"), in: bytes, from: index + 1)
        }
        return count
    }
}
