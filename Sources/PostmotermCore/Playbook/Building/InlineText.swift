/// Reads inline markdown as plain text and picks out its code spans.
enum InlineText {
    /// Plain text: markup dropped, code spans kept in backticks, line breaks as spaces,
    /// inline HTML (comments) dropped, runs of spaces collapsed, ends trimmed.
    static func plain(_ inlines: some Collection<MarkdownInline>) -> String {
        PlainTextWriter.text(of: inlines)
    }

    /// The code spans of `inlines`, in order, as commands.
    static func commands(in inlines: some Collection<MarkdownInline>, into commands: inout [StepCommand]) {
        for inline in inlines {
            switch inline {
            case .code(let s, let position):
                commands.append(StepCommand(text: s, language: nil, line: position.line, isBlock: false))
            case .emphasis(let c), .strong(let c, _), .strikethrough(let c), .link(_, let c), .image(_, let c):
                self.commands(in: c, into: &commands)
            case .text, .html, .softBreak, .lineBreak:
                break
            }
        }
    }

    /// The id of a `<!-- id: drain-api-2 -->` comment among `inlines`, if any.
    static func explicitIdentifier(in inlines: some Collection<MarkdownInline>) -> String? {
        for inline in inlines {
            guard case .html(let html) = inline else { continue }
            if let id = explicitIdentifier(inComment: html) { return id }
        }
        return nil
    }

    /// `<!-- id: x -->` → `x` (whatever follows `id:` up to `-->`, trimmed).
    static func explicitIdentifier(inComment html: String) -> String? {
        var body = Substring(html)
        guard body.hasPrefix("<!--"), body.hasSuffix("-->") else { return nil }
        body = body.dropFirst(4).dropLast(3)
        let trimmedBody = body.drop { $0 == " " || $0 == "\t" }
        guard trimmedBody.lowercased().hasPrefix("id:") else { return nil }
        let value = trimmedBody.dropFirst(3).trimmingSpaces()
        return value.isEmpty ? nil : String(value)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
