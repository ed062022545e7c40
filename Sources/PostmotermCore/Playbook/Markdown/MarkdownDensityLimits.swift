/// Refuses markdown so dense in structure that cmark-gfm's tree for it outgrows the playbook
/// budget (a 4 MiB file checked in 256 MB), before the parser sees it.
///
/// cmark spends some 150–1,000 bytes per node, and a node can cost as little as two bytes of
/// text: 4 MiB of `- [ ] x` lines (524,000 task items) took 560 MB, 4 million nested `>` 1.15 GB,
/// 700,000 `*a **` 355 MB, 500,000 `[a](` 465 MB. Two counts bound the nodes:
///
/// - ``maximumBlockMarks`` list-item and block-quote marks opening lines (`- `, `1. `, `>`, nested
///   ones counted each);
/// - ``maximumInlineMarks`` emphasis, link and code marks (`*`, `_`, `[`, `` ` ``).
///
/// A real playbook is far below both: the 10,000-step benchmark playbook (1 MiB) has about
/// 10,000 block marks and 90,000 inline marks.
public enum MarkdownDensityLimits {
    public static let maximumBlockMarks = 150_000
    public static let maximumInlineMarks = 500_000

    /// The error at the line where `body` passes a limit, or `nil`.
    public static func check(_ body: String, path: String) -> SourceDiagnostic? {
        var body = body
        return body.withUTF8 { check($0, path: path) }
    }

    static func check(_ text: UnsafeBufferPointer<UInt8>, path: String) -> SourceDiagnostic? {
        var blockMarks = 0
        var inlineMarks = 0
        var line = 1
        var atLineStart = true
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x0A {
                line += 1
                atLineStart = true
                index += 1
                continue
            }
            if atLineStart {
                atLineStart = false
                let (marks, next) = blockMarksOpening(text, at: index)
                blockMarks += marks
                if blockMarks > maximumBlockMarks {
                    return .error(
                        "too many list items and quotes: more than \(maximumBlockMarks) in one file; split the playbook",
                        path: path, line: line)
                }
                index = next
                continue
            }
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "`"):
                inlineMarks += 1
                if inlineMarks > maximumInlineMarks {
                    return .error(
                        "too many emphasis, link and code marks (*, _, [, `): more than \(maximumInlineMarks) in one file; split the playbook",
                        path: path, line: line)
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The list and quote marks that open the line at `start`, and where its text begins.
    private static func blockMarksOpening(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int) {
        var marks = 0
        var index = start
        while index < text.count {
            let byte = text[index]
            switch byte {
            case 0x20, 0x09:
                index += 1
            case UInt8(ascii: ">"):
                marks += 1
                index += 1
            case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                let after = index + 1 < text.count ? text[index + 1] : 0x0A
                guard after == 0x20 || after == 0x09 || after == 0x0A else { return (marks, index) }
                marks += 1
                index += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < text.count, end - index < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[end]) { end += 1 }
                guard end + 1 < text.count, text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: ")"),
                      text[end + 1] == 0x20 || text[end + 1] == 0x09 else { return (marks, index) }
                marks += 1
                index = end + 1
            default:
                return (marks, index)
            }
        }
        return (marks, index)
    }
}
