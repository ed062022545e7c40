import CCmarkGFM
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import PostmotermCore
import Synchronization

/// Parses markdown with cmark-gfm (GFM tables and task lists) and converts its node tree into
/// the core's pure ``MarkdownDocument``. The only code that parses with cmark.
///
/// A large text is cut into sections at top-level heading lines (``MarkdownSections``) that are
/// parsed and converted on all cores at once; the result is the tree of a whole parse, in
/// document order, with the positions of the whole file. Where a cut cannot be shown to be
/// harmless the sections on both sides of it are parsed again as one.
///
/// Parses on several threads at once are safe because each has its own parser and node memory
/// and the two extensions used (table, tasklist) add no inline characters: an extension that
/// does (strikethrough, autolink) makes every parse write cmark-gfm's process-wide table of
/// special characters, and cmark's own arena allocator (never used here) is process-wide too.
public enum CmarkDocumentReader {
    /// Texts shorter than this are parsed whole on the calling thread: threads would cost more
    /// than they save.
    static let sectionedByteCount = 128 << 10
    /// The smallest section worth a task of its own. Small sections also keep each parse's
    /// nodes in the cache while they are converted (the node memory is reused section after
    /// section): cut in 16–32 sections, a 10,000-step playbook takes a tenth less CPU than whole.
    static let minimumSectionByteCount = 32 << 10

    /// Registers the GFM extensions once per process (`swift_once` makes it thread-safe).
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The block tree of `markdown` (positions are 1-based lines and byte columns).
    public static func parse(_ markdown: String) -> MarkdownDocument {
        parse(markdown, alongside: nil)
    }

    /// The block tree of `markdown`; `work` runs on another core while the sections of a large
    /// text are parsed (e.g. hashing the file), else on the calling thread before the parse.
    static func parse(_ markdown: String, alongside work: (@Sendable () -> Void)?) -> MarkdownDocument {
        parse(markdown, sectionCount: sectionCount(byteCount: markdown.utf8.count), alongside: work)
    }

    /// The block tree of `markdown`, cut into up to `sectionCount` sections (1: parsed whole).
    static func parse(_ markdown: String, sectionCount: Int, alongside work: (@Sendable () -> Void)? = nil) -> MarkdownDocument {
        var markdown = markdown
        return markdown.withUTF8 { text in
            if let sections = MarkdownSections.split(text, count: sectionCount) {
                if let blocks = parseConcurrently(text, sections: sections, alongside: work) {
                    return MarkdownDocument(blocks: blocks)
                }
                return MarkdownDocument(blocks: parseWhole(text))
            }
            work?()
            return MarkdownDocument(blocks: parseWhole(text))
        }
    }

    /// How many sections to cut a text of `byteCount` bytes into: sections of at least
    /// ``minimumSectionByteCount``, at most 32; 1 (no cut) for short texts. On one core the
    /// sections are parsed one after the other, which still keeps the nodes in the cache.
    static func sectionCount(byteCount: Int) -> Int {
        guard byteCount >= sectionedByteCount else { return 1 }
        return max(1, min(32, byteCount / minimumSectionByteCount))
    }

    /// The whole text in one parse on the calling thread.
    static func parseWhole(_ text: UnsafeBufferPointer<UInt8>) -> [MarkdownBlock] {
        parseSection(text[...], lineOffset: 0).blocks
    }

    /// The sections parsed and converted as tasks on all cores (with `work` as one more task),
    /// joined in document order. A section that ends where the next one's heading line could
    /// have been taken as content (see ``MarkdownSections``) is parsed again together with the
    /// next one; `nil` (parse whole) when that would parse more than the text once more.
    static func parseConcurrently(
        _ text: UnsafeBufferPointer<UInt8>, sections: [MarkdownSections.Section], alongside work: (@Sendable () -> Void)?
    ) -> [MarkdownBlock]? {
        let parts = ParsedSections(count: sections.count)
        let text = SharedText(bytes: text)
        // Tasks are taken in index order: `work` (one long task) first, so that it does not
        // end up alone at the end while the other cores have nothing left to do.
        let first = work == nil ? 0 : 1
        DispatchQueue.concurrentPerform(iterations: sections.count + first) { task in
            guard task >= first else {
                work?()
                return
            }
            let section = sections[task - first]
            parts.store(parseSection(text.bytes[section.range], lineOffset: section.lineOffset), at: task - first)
        }
        guard var parsed = parts.taken() else { return nil }
        var sections = sections
        var reparsedByteCount = 0
        var index = 0
        while index < parsed.count - 1 {
            if parsed[index].endsOutsideOpenBlock {
                index += 1
                continue
            }
            let merged = MarkdownSections.Section(
                range: sections[index].range.lowerBound..<sections[index + 1].range.upperBound,
                lineOffset: sections[index].lineOffset
            )
            reparsedByteCount += merged.range.count
            if reparsedByteCount > text.bytes.count { return nil }
            parsed[index] = parseSection(text.bytes[merged.range], lineOffset: merged.lineOffset)
            sections[index] = merged
            parsed.remove(at: index + 1)
            sections.remove(at: index + 1)
        }
        var blocks: [MarkdownBlock] = []
        blocks.reserveCapacity(parsed.reduce(0) { $0 + $1.blocks.count })
        for section in parsed { blocks.append(contentsOf: section.blocks) }
        return blocks
    }

    /// Parses and converts one section (or a whole text) on the calling thread; nodes come from
    /// this thread's ``CmarkNodeMemory`` and are released before returning.
    static func parseSection(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, lineOffset: Int) -> ParsedSection {
        _ = extensionsRegistered
        defer { CmarkNodeMemory.reset() }
        guard let parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, CmarkNodeMemory.allocator) else {
            return ParsedSection(blocks: [], endsOutsideOpenBlock: false)
        }
        // Task lists and tables; autolinks and strikethrough are left out: they change nothing
        // a playbook means, autolink's extra pass over every text node costs a fifth of the
        // parse, and both would make concurrent parses unsafe (see the type's comment).
        for name in ["table", "tasklist"] {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        UnsafeBufferPointer(rebasing: bytes).withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
        }
        guard let root = cmark_parser_finish(parser) else {
            return ParsedSection(blocks: [], endsOutsideOpenBlock: false)
        }
        return ParsedSection(
            blocks: CmarkTreeConverter(lineOffset: lineOffset).document(root),
            endsOutsideOpenBlock: lastBlockEndsBeforeHeading(root, text: UnsafeBufferPointer(rebasing: bytes))
        )
    }

    /// Whether a top-level `#` heading line after `text` (parsed into `root`; it ends with a
    /// line ending) would close its last block rather than become part of it.
    ///
    /// Paragraphs, headings, lists, block quotes, thematic breaks and indented code are always
    /// closed by such a line. A fenced code block, an HTML block, a table or an extension's
    /// block may take it as content, unless it was already closed: a block still open at the
    /// end of the text ends on the text's last line (cmark counts the blank lines of an open
    /// fence or HTML block as its content, and a blank line ends a table), so one that ends
    /// earlier was closed; one that ends on the last line was closed only if that line is a
    /// closing fence other than its opening one.
    static func lastBlockEndsBeforeHeading(_ root: OpaquePointer, text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = cmark_node_last_child(root) else { return true }
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        switch cmark_node_get_type(last) {
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_LIST, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_THEMATIC_BREAK:
            return true
        case CMARK_NODE_CODE_BLOCK where cmark_node_get_fenced(last, &length, &offset, &character) == 0:
            return true
        default:
            break
        }
        let lastLine = MarkdownSections.lineEndings(in: text)
        let endLine = Int(cmark_node_get_end_line(last))
        if endLine < lastLine { return true }
        guard cmark_node_get_type(last) == CMARK_NODE_CODE_BLOCK, endLine > Int(cmark_node_get_start_line(last)),
              text.last == UInt8(ascii: "\n") else { return false }
        // The last line, without its line ending.
        var end = text.count - 1
        if end > 0, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = end
        while start > 0, text[start - 1] != UInt8(ascii: "\n"), text[start - 1] != UInt8(ascii: "\r") { start -= 1 }
        return isClosingFence(text[start..<end], character: UInt8(bitPattern: character), length: Int(length))
    }

    /// CommonMark's closing fence of a top-level block: up to three spaces (no tab), at least
    /// `length` times `character`, then only spaces or tabs.
    static func isClosingFence(_ line: Slice<UnsafeBufferPointer<UInt8>>, character: UInt8, length: Int) -> Bool {
        var index = line.startIndex
        while index < line.endIndex, index - line.startIndex < 3, line[index] == UInt8(ascii: " ") { index += 1 }
        let fenceStart = index
        while index < line.endIndex, line[index] == character { index += 1 }
        guard index - fenceStart >= length, length >= 3 else { return false }
        return line[index...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The text's bytes, shared read-only by the section tasks, which all end before the
    /// buffer does (`concurrentPerform` returns when every task has).
    private struct SharedText: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }
}
