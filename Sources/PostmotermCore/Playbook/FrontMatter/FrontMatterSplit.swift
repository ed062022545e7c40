/// A playbook's text cut into front matter and markdown body.
///
/// The body keeps every line of the file at its place: front-matter lines are replaced by empty
/// lines, so positions the markdown parser reports are positions in the file.
public enum FrontMatterSplit: Sendable, Hashable {
    /// No front matter: the whole text is markdown.
    case none(body: String)
    /// Front matter between `---` on line 1 and a closing `---` or `...` line.
    case found(FrontMatterBlock, body: String)
    /// Line 1 opens front matter that is never closed; `body` is the whole text.
    case unterminated(body: String)

    /// Splits `text`. Front matter starts only with a line that is exactly `---` (trailing spaces
    /// allowed) on line 1, as in Jekyll and Hugo; it ends at the next `---` or `...` line.
    /// Works on UTF-8 bytes: a playbook can be megabytes long.
    public init(text: String) {
        let bytes = Array(text.utf8)
        var start = 0
        var lineIndex = 0
        var yamlStart = 0
        var closing: (line: Int, start: Int, end: Int)?
        while true {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let fence = Self.fence(bytes[start..<end])
            if lineIndex == 0 {
                guard fence == .dashes else {
                    self = .none(body: text)
                    return
                }
                yamlStart = min(end + 1, bytes.count)
            } else if fence != nil {
                closing = (lineIndex, start, end)
                break
            }
            if end >= bytes.count { break }
            start = end + 1
            lineIndex += 1
        }
        guard let closing else {
            self = .unterminated(body: text)
            return
        }
        var yamlBytes = bytes[yamlStart..<max(yamlStart, closing.start - 1)]
        if yamlBytes.last == 0x0D { yamlBytes.removeLast() }
        // Keep every line at its place: one empty line per front-matter line. The rest is copied
        // from `text` as it is (already valid UTF-8: no second validation of a large body).
        var body = String(repeating: "\n", count: closing.line)
        if closing.end < bytes.count {
            let rest = text.utf8.index(text.utf8.startIndex, offsetBy: closing.end + 1)
            body.reserveCapacity(closing.line + 1 + bytes.count - closing.end - 1)
            body += "\n"
            body += text[rest...]
        }
        let block = FrontMatterBlock(
            yaml: String(decoding: yamlBytes, as: UTF8.self), firstLine: 2, closingLine: closing.line + 1
        )
        self = .found(block, body: body)
    }

    private enum Fence { case dashes, dots }

    /// `---` or `...` with optional trailing spaces, tabs or CR.
    private static func fence(_ line: ArraySlice<UInt8>) -> Fence? {
        var line = line
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line.removeLast() }
        if line.elementsEqual("---".utf8) { return .dashes }
        if line.elementsEqual("...".utf8) { return .dots }
        return nil
    }

    /// The markdown part.
    public var body: String {
        switch self {
        case .none(let body), .found(_, let body), .unterminated(let body): return body
        }
    }
}
