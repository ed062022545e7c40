/// Terminal column widths computed in pure Swift, so layout does not depend on the C library's
/// `wcwidth` tables or the process locale.
///
/// - East Asian Wide and Fullwidth characters and emoji presentation characters take two columns;
/// - combining marks, enclosing marks, zero-width format characters (ZWJ, variation selectors)
///   take none;
/// - a grapheme cluster takes the width of its first scalar (its base), so a ZWJ emoji sequence
///   is counted as its first emoji. ``CellBuffer`` stores only the base and its combining marks,
///   which keeps what the terminal draws in step with these numbers.
public enum DisplayWidth {
    /// Columns taken by one scalar: 0, 1 or 2. Control characters count 0 here; the buffer
    /// never stores them (text is escaped before it is drawn).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return 1 }
        if isStandalone(value) { return isWide(value) ? 2 : 1 }
        if isZeroWidth(scalar) { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// Columns taken by one grapheme cluster (the width of its base scalar).
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        return of(first)
    }

    /// Columns taken by a string.
    public static func of(_ text: some StringProtocol) -> Int {
        if let ascii = asciiWidth(text) { return ascii }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Whether `text` is printable ASCII only (one column per byte, one grapheme per byte).
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20 || byte >= 0x7F { return false }
                index += 1
            }
            return true
        } ?? text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The width of all-ASCII text byte by byte (controls count 0, as above), nil when `text`
    /// has anything else.
    private static func asciiWidth(_ text: some StringProtocol) -> Int? {
        var total = 0
        for byte in text.utf8 {
            if byte >= 0x80 { return nil }
            if byte >= 0x20 && byte < 0x7F { total += 1 }
        }
        return total
    }

    /// `text` cut to at most `columns` columns; an ellipsis marks a cut when `ellipsis` is set.
    public static func truncate(_ text: String, to columns: Int, ellipsis: Bool = true) -> String {
        guard columns > 0 else { return "" }
        if text.utf8.count <= columns, isPrintableASCII(text) {
            return text
        }
        if of(text) <= columns { return text }
        let budget = ellipsis ? columns - 1 : columns
        var used = 0
        var out = ""
        for character in text {
            let width = of(character)
            if used + width > budget { break }
            used += width
            out.append(character)
        }
        return ellipsis ? out + "…" : out
    }

    /// `text` padded with spaces (or cut) to exactly `columns` columns.
    public static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        if text.utf8.count == columns, isPrintableASCII(text) { return text }
        let cut = truncate(text, to: columns)
        let missing = columns - of(cut)
        guard missing > 0 else { return cut }
        let spaces = String(repeating: " ", count: missing)
        return alignRight ? spaces + cut : cut + spaces
    }

    /// Splits `text` into lines of at most `columns` columns, breaking at spaces where possible.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        return wrapASCII(text, to: columns) ?? wrapCharacters(text, to: columns)
    }

    /// The general wrap, word by word on Characters (any text; `columns` > 0). ``wrap(_:to:)``
    /// takes it for text that is not plain ASCII; tests hold the ASCII path to it.
    public static func wrapCharacters(_ text: String, to columns: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                var wordWidth = of(word)
                let separator = line.isEmpty ? 0 : 1
                if lineWidth + separator + wordWidth <= columns {
                    if separator == 1 { line += " " }
                    line += word
                    lineWidth += separator + wordWidth
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                lineWidth = 0
                while wordWidth > columns {
                    let head = truncate(word, to: columns, ellipsis: false)
                    lines.append(head)
                    word = String(word.dropFirst(head.count))
                    wordWidth = of(word)
                }
                line = word
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }

    /// Scalars that are never zero-width and never join a neighbour into one grapheme cluster
    /// (no marks, joiners, prepended or Hangul-jamo scalars, regional indicators or controls):
    /// printable ASCII and Latin up to U+02FF, general punctuation without its format
    /// characters, arrows to miscellaneous symbols and box drawing (U+2190…U+2BFF), CJK
    /// ideographs, Hangul syllables and the common emoji blocks (without the skin-tone
    /// modifiers U+1F3FB…U+1F3FF, which extend the emoji before them). Such text needs no Unicode property lookup and no
    /// grapheme breaking: one scalar is one grapheme.
    public static func isStandalone(_ value: UInt32) -> Bool {
        switch value {
        case 0x20..<0x7F, 0xA0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x2BFF, 0x4E00...0x9FFF,
            0xAC00...0xD7A3, 0x1F300...0x1F3FA, 0x1F400...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF:
            true
        default: false
        }
    }

    /// ``wrap(_:to:)`` for printable ASCII and newlines, on the bytes: the same lines (a line is
    /// the text from its first word to its last, spaces between kept; spaces that would start a
    /// line are dropped; a word longer than a line is cut into whole lines), nil for other text.
    private static func wrapASCII(_ text: String, to columns: Int) -> [String]? {
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var lines: [String] = []
            func line(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            var paragraphStart = 0
            while paragraphStart <= bytes.count {
                var paragraphEnd = paragraphStart
                while paragraphEnd < bytes.count, bytes[paragraphEnd] != 0x0A {
                    let byte = bytes[paragraphEnd]
                    if byte < 0x20 || byte >= 0x7F { return nil }
                    paragraphEnd += 1
                }
                // The current line is bytes[lineStart..<lineEnd]; empty when they are equal.
                var lineStart = paragraphStart
                var lineEnd = paragraphStart
                var wordStart = paragraphStart
                while wordStart <= paragraphEnd {
                    var wordEnd = wordStart
                    while wordEnd < paragraphEnd, bytes[wordEnd] != 0x20 { wordEnd += 1 }
                    let lineWidth = lineEnd - lineStart
                    let separator = lineWidth == 0 ? 0 : 1
                    if lineWidth + separator + (wordEnd - wordStart) <= columns {
                        if lineWidth == 0 { lineStart = wordStart }
                        lineEnd = wordEnd
                    } else {
                        if lineWidth > 0 { lines.append(line(lineStart, lineEnd)) }
                        var start = wordStart
                        while wordEnd - start > columns {
                            lines.append(line(start, start + columns))
                            start += columns
                        }
                        lineStart = start
                        lineEnd = wordEnd
                    }
                    wordStart = wordEnd + 1
                }
                lines.append(line(lineStart, lineEnd))
                paragraphStart = paragraphEnd + 1
            }
            return lines
        }
        return result ?? nil
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2060...0x2064, 0xFE00...0xFE0F, 0xFEFF, 0xE0100...0xE01EF:
            return true
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, and emoji with default emoji presentation.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF,
        0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
        0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335,
        0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3,
        0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
        0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
        0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
        0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
        0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB,
        0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
        0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        // The most common wide text first: CJK ideographs and Hangul syllables.
        if (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value) { return true }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
