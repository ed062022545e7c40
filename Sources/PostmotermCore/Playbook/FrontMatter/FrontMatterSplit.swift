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
    /// allowed) on line 1, as in Jekyll and Hugo.
    public init(text: String) {
        // "\r\n" is one Character: split on it as well as on "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        func trimmed(_ line: Substring) -> Substring {
            var line = line
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line.removeLast() }
            return line
        }
        guard let first = lines.first, trimmed(first) == "---" else {
            self = .none(body: text)
            return
        }
        guard let closing = lines.indices.dropFirst().first(where: {
            let line = trimmed(lines[$0])
            return line == "---" || line == "..."
        }) else {
            self = .unterminated(body: text)
            return
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        for index in 0...closing { lines[index] = "" }
        let block = FrontMatterBlock(yaml: yaml, firstLine: 2, closingLine: closing + 1)
        self = .found(block, body: lines.joined(separator: "\n"))
    }

    /// The markdown part.
    public var body: String {
        switch self {
        case .none(let body), .found(_, let body), .unterminated(let body): return body
        }
    }
}
