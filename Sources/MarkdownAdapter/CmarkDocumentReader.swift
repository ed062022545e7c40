import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif
import PostmotermCore
import Synchronization

/// Parses markdown with cmark-gfm (GFM tables and task lists) and converts
/// its node tree into the core's pure ``MarkdownDocument``. The only code that touches cmark.
public enum CmarkDocumentReader {
    /// Deeper nesting than this (quotes in quotes in lists …) is flattened to text, so hostile
    /// input cannot exhaust the stack.
    static let maximumDepth = 48

    /// Registers the GFM extensions once per process (`swift_once` makes it thread-safe).
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// ``CmarkNodeMemory`` is one per process (cmark's allocator interface has no context):
    /// parses take turns. Allocating nodes front to back from kept chunks makes a parse of a
    /// 10,000-step playbook several times cheaper than calloc/free per node, and the whole tree
    /// is released at once after conversion.
    private static let memoryLock = Mutex(())

    /// The block tree of `markdown` (positions are 1-based lines and byte columns).
    public static func parse(_ markdown: String) -> MarkdownDocument {
        _ = extensionsRegistered
        return memoryLock.withLock { _ in
            defer { CmarkNodeMemory.reset() }
            guard let parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, CmarkNodeMemory.allocator) else {
                return MarkdownDocument(blocks: [])
            }
            // Task lists and tables; autolinks and strikethrough are left out: they change nothing
            // a playbook means and autolink's extra pass over every text node costs a fifth of
            // the parse.
            for name in ["table", "tasklist"] {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
            var markdown = markdown
            markdown.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
                }
            }
            guard let root = cmark_parser_finish(parser) else { return MarkdownDocument(blocks: []) }
            return MarkdownDocument(blocks: blocks(childrenOf: root, depth: 0))
        }
    }

    // MARK: Blocks

    private static func blocks(childrenOf parent: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        var out: [MarkdownBlock] = []
        out.reserveCapacity(childCount(parent))
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let block = block(node, depth: depth + 1) { out.append(block) }
            child = cmark_node_next(node)
        }
        return out
    }

    private static func block(_ node: OpaquePointer, depth: Int) -> MarkdownBlock? {
        let position = SourcePosition(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        if depth > maximumDepth {
            return .paragraph([.text(flattenedText(node))], position)
        }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(childrenOf: node, depth: depth), position)
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(childrenOf: node, depth: depth), position)
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)), position)
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(childrenOf: node, depth: depth), position)
        case CMARK_NODE_LIST:
            return .list(list(node, position: position, depth: depth))
        case CMARK_NODE_HTML_BLOCK:
            return .html(string(cmark_node_get_literal(node)), position)
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak(position)
        case CMARK_NODE_ITEM:
            // An item outside a list cannot happen; keep its content rather than lose it.
            return .blockQuote(blocks(childrenOf: node, depth: depth), position)
        default:
            if hasType(node, "table") {
                return .table(rows: tableRows(node, depth: depth), position)
            }
            // Footnote definitions and custom blocks: keep their text.
            let text = flattenedText(node)
            return text.isEmpty ? nil : .paragraph([.text(text)], position)
        }
    }

    private static func list(_ node: OpaquePointer, position: SourcePosition, depth: Int) -> MarkdownList {
        var items: [MarkdownListItem] = []
        items.reserveCapacity(childCount(node))
        var child = cmark_node_first_child(node)
        while let item = child {
            let itemPosition = SourcePosition(line: Int(cmark_node_get_start_line(item)), column: Int(cmark_node_get_start_column(item)))
            var task: MarkdownListItem.TaskState?
            if hasType(item, "tasklist") {
                task = cmark_gfm_extensions_get_tasklist_item_checked(item) ? .checked : .unchecked
            }
            items.append(MarkdownListItem(task: task, blocks: blocks(childrenOf: item, depth: depth + 1), position: itemPosition))
            child = cmark_node_next(item)
        }
        return MarkdownList(isOrdered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, items: items, position: position)
    }

    private static func tableRows(_ table: OpaquePointer, depth: Int) -> [[[MarkdownInline]]] {
        var rows: [[[MarkdownInline]]] = []
        var rowNode = cmark_node_first_child(table)
        while let row = rowNode {
            var cells: [[MarkdownInline]] = []
            var cellNode = cmark_node_first_child(row)
            while let cell = cellNode {
                cells.append(inlines(childrenOf: cell, depth: depth + 2))
                cellNode = cmark_node_next(cell)
            }
            rows.append(cells)
            rowNode = cmark_node_next(row)
        }
        return rows
    }

    // MARK: Inlines

    private static func inlines(childrenOf parent: OpaquePointer, depth: Int) -> [MarkdownInline] {
        var out: [MarkdownInline] = []
        out.reserveCapacity(childCount(parent))
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let inline = inline(node, depth: depth + 1) { out.append(inline) }
            child = cmark_node_next(node)
        }
        return out
    }

    private static func inline(_ node: OpaquePointer, depth: Int) -> MarkdownInline? {
        if depth > maximumDepth { return .text(flattenedText(node)) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_CODE:
            return .code(string(cmark_node_get_literal(node)), position(node))
        case CMARK_NODE_SOFTBREAK:
            return .softBreak
        case CMARK_NODE_LINEBREAK:
            return .lineBreak
        case CMARK_NODE_EMPH:
            return .emphasis(inlines(childrenOf: node, depth: depth))
        case CMARK_NODE_STRONG:
            return .strong(inlines(childrenOf: node, depth: depth), position(node))
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), inlines(childrenOf: node, depth: depth))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), inlines(childrenOf: node, depth: depth))
        case CMARK_NODE_HTML_INLINE:
            return .html(string(cmark_node_get_literal(node)))
        default:
            if hasType(node, "strikethrough") {
                return .strikethrough(inlines(childrenOf: node, depth: depth))
            }
            let text = flattenedText(node)
            return text.isEmpty ? nil : .text(text)
        }
    }

    // MARK: Helpers

    /// The number of children of `node`, so arrays are allocated once at their final size.
    private static func childCount(_ node: OpaquePointer) -> Int {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    private static func position(_ node: OpaquePointer) -> SourcePosition {
        SourcePosition(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Whether cmark's type string of `node` is `name` (extension nodes have no fixed enum value).
    private static func hasType(_ node: OpaquePointer, _ name: StaticString) -> Bool {
        guard let type = cmark_node_get_type_string(node) else { return false }
        return name.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strncmp(type, $0.baseAddress!, buffer.count) == 0 && type[buffer.count] == 0 }
        }
    }

    /// All literal text under `node`, walked without recursion.
    private static func flattenedText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var out = ""
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let current = cmark_iter_get_node(iterator) else { continue }
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let literal = cmark_node_get_literal(current) {
                if !out.isEmpty, cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK || cmark_node_get_type(current) == CMARK_NODE_PARAGRAPH { out += " " }
                out += String(cString: literal)
            } else if cmark_node_get_type(current) == CMARK_NODE_SOFTBREAK {
                out += " "
            }
        }
        return out
    }
}
