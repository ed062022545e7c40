/// Renders blocks as the plain text shown for details and context sections.
enum BlockText {
    /// One line per paragraph, `- ` items indented by nesting, `> ` quotes, tables as `a | b`;
    /// code blocks indented by four spaces when `includeCode`, else left out (they are commands).
    static func render(_ blocks: [MarkdownBlock], includeCode: Bool) -> String {
        if blocks.isEmpty { return "" }
        var lines: [String] = []
        render(blocks, indent: "", includeCode: includeCode, into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func render(_ blocks: [MarkdownBlock], indent: String, includeCode: Bool, into lines: inout [String]) {
        for block in blocks {
            switch block {
            case .heading(_, let inlines, _):
                lines.append(indent + InlineText.plain(inlines))
            case .paragraph(let inlines, _):
                let text = InlineText.plain(inlines)
                if !text.isEmpty { lines.append(indent + text) }
            case .list(let list):
                for (number, item) in list.items.enumerated() {
                    var marker = list.isOrdered ? "\(number + 1). " : "- "
                    switch item.task {
                    case .unchecked?: marker += "[ ] "
                    case .checked?: marker += "[x] "
                    case nil: break
                    }
                    var rest = item.blocks[...]
                    if case .paragraph(let inlines, _)? = rest.first {
                        lines.append(indent + marker + InlineText.plain(inlines))
                        rest = rest.dropFirst()
                    } else {
                        lines.append(indent + marker.trimmingCharactersAtEnd())
                    }
                    render(Array(rest), indent: indent + "  ", includeCode: includeCode, into: &lines)
                }
            case .codeBlock(_, let literal, _):
                guard includeCode else { continue }
                for line in trimmingFinalNewline(literal).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                    lines.append(indent + "    " + line)
                }
            case .blockQuote(let inner, _):
                var quoted: [String] = []
                render(inner, indent: "", includeCode: includeCode, into: &quoted)
                lines.append(contentsOf: quoted.map { indent + "> " + $0 })
            case .table(let rows, _):
                for row in rows {
                    lines.append(indent + row.map(InlineText.plain).joined(separator: " | "))
                }
            case .html, .thematicBreak:
                continue
            }
        }
    }

    /// A code block's literal without the line ending cmark keeps after its last line.
    static func trimmingFinalNewline(_ literal: String) -> String {
        let utf8 = literal.utf8
        if utf8.last != UInt8(ascii: "\n") { return literal }
        let beforeLast = utf8.index(before: utf8.endIndex)
        if beforeLast == utf8.startIndex || utf8[utf8.index(before: beforeLast)] != UInt8(ascii: "\r") {
            // A lone LF is a Character of its own: dropping one byte drops one Character.
            return String(literal[..<beforeLast])
        }
        var s = Substring(literal)
        if s.hasSuffix("\r\n") { s = s.dropLast(2) } else if s.hasSuffix("\n") { s = s.dropLast() }
        return String(s)
    }
}

private extension String {
    func trimmingCharactersAtEnd() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
