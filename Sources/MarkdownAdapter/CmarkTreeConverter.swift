import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif
import PostmotermCore

/// Converts a cmark-gfm node tree into the core's pure ``MarkdownBlock`` values.
struct CmarkTreeConverter {
    /// Deeper nesting than this (quotes in quotes in lists …) is flattened to text, so hostile
    /// input cannot exhaust the stack.
    static let maximumDepth = 48

    /// Lines before the parsed text in the whole document: added to every line cmark reports,
    /// so a section parsed on its own gets the positions it has in the file.
    var lineOffset = 0

    /// The blocks under cmark's document node `root`.
    func document(_ root: OpaquePointer) -> [MarkdownBlock] {
        blocks(childrenOf: root, depth: 0)
    }

    // MARK: Blocks

    func blocks(childrenOf parent: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        converted(childrenOf: parent) { block($0, depth: depth + 1) }
    }

    /// What `convert` makes of each child of `parent`, in order, skipping nils (the array is
    /// allocated once at its final size).
    private func converted<Element>(childrenOf parent: OpaquePointer, _ convert: (OpaquePointer) -> Element?) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(childCount(parent))
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let element = convert(node) { out.append(element) }
            child = cmark_node_next(node)
        }
        return out
    }

    private func block(_ node: OpaquePointer, depth: Int) -> MarkdownBlock? {
        let position = sourcePosition(node)
        if depth > Self.maximumDepth {
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

    private func list(_ node: OpaquePointer, position: SourcePosition, depth: Int) -> MarkdownList {
        var items: [MarkdownListItem] = []
        items.reserveCapacity(childCount(node))
        var child = cmark_node_first_child(node)
        while let item = child {
            let itemPosition = sourcePosition(item)
            var task: MarkdownListItem.TaskState?
            if hasType(item, "tasklist") {
                task = cmark_gfm_extensions_get_tasklist_item_checked(item) ? .checked : .unchecked
            }
            items.append(MarkdownListItem(task: task, blocks: blocks(childrenOf: item, depth: depth + 1), position: itemPosition))
            child = cmark_node_next(item)
        }
        return MarkdownList(isOrdered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, items: items, position: position)
    }

    private func tableRows(_ table: OpaquePointer, depth: Int) -> [[[MarkdownInline]]] {
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

    private func inlines(childrenOf parent: OpaquePointer, depth: Int) -> [MarkdownInline] {
        converted(childrenOf: parent) { inline($0, depth: depth + 1) }
    }

    private func inline(_ node: OpaquePointer, depth: Int) -> MarkdownInline? {
        if depth > Self.maximumDepth { return .text(flattenedText(node)) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_CODE:
            return .code(string(cmark_node_get_literal(node)), sourcePosition(node))
        case CMARK_NODE_SOFTBREAK:
            return .softBreak
        case CMARK_NODE_LINEBREAK:
            return .lineBreak
        case CMARK_NODE_EMPH:
            return .emphasis(inlines(childrenOf: node, depth: depth))
        case CMARK_NODE_STRONG:
            return .strong(inlines(childrenOf: node, depth: depth), sourcePosition(node))
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
    private func childCount(_ node: OpaquePointer) -> Int {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    /// The start of `node` in the whole text: cmark counts lines from the start of the part it parsed.
    private func sourcePosition(_ node: OpaquePointer) -> SourcePosition {
        SourcePosition(line: Int(cmark_node_get_start_line(node)) + lineOffset, column: Int(cmark_node_get_start_column(node)))
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Whether cmark's type string of `node` is `name` (extension nodes have no fixed enum value).
    private func hasType(_ node: OpaquePointer, _ name: StaticString) -> Bool {
        guard let type = cmark_node_get_type_string(node) else { return false }
        return name.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strncmp(type, $0.baseAddress!, buffer.count) == 0 && type[buffer.count] == 0 }
        }
    }

    /// All literal text under `node`, walked without recursion.
    private func flattenedText(_ node: OpaquePointer) -> String {
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
