import PostmotermCore
import Yams

/// Parses a playbook's YAML front matter, and the config file (``ConfigurationFile``), with Yams
/// into the core's ``FrontMatterEntry`` values. The only code that touches Yams.
enum FrontMatterReader {
    /// The most aliases (`*name`) front matter may hold. Each alias is a copy of its anchor's
    /// tree, so a few hundred bytes of nested aliases (a "billion laughs") stand for billions of
    /// nodes: 399 bytes reached 3 GB. 32 aliases expand to at most some 100,000 nodes.
    static let maximumAliasCount = 32

    /// The error for front matter with more aliases than ``maximumAliasCount``, at the first
    /// alias over the limit, or `nil`. Counted in the raw text before Yams sees it (its event
    /// parser is not public): a `*` that starts a node (after a blank, line start or `[{,`) and
    /// is followed by a name; quoted scalars and comments are skipped. Counting a `*word` inside
    /// a block scalar too errs on the side of refusing.
    static func aliasRefusal(_ block: FrontMatterBlock, path: String, in subject: String = "front matter") -> SourceDiagnostic? {
        var count = 0
        var line = block.firstLine
        var quote: UInt8?
        var comment = false
        var previous: UInt8 = 0x0A
        let bytes = Array(block.yaml.utf8)
        for (index, byte) in bytes.enumerated() {
            defer { previous = byte }
            if byte == 0x0A {
                line += 1
                comment = false
                continue
            }
            if comment { continue }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            let startsNode = previous == 0x0A || previous == 0x20 || previous == 0x09 || previous == UInt8(ascii: "[")
                || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
            switch byte {
            case UInt8(ascii: "#") where startsNode:
                comment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if startsNode || previous == UInt8(ascii: ":") { quote = byte }
            case UInt8(ascii: "*") where startsNode:
                guard index + 1 < bytes.count, !isAliasTerminator(bytes[index + 1]) else { continue }
                count += 1
                if count > maximumAliasCount {
                    return .error(
                        "\(subject) has more than \(maximumAliasCount) YAML aliases ('*name'); each one copies its anchor, so they are refused beyond that",
                        path: path, line: line)
                }
            default:
                continue
            }
        }
        return nil
    }

    /// Bytes that cannot start an alias name: blanks, line ends and flow indicators.
    private static func isAliasTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    /// The top-level keys, or the diagnostics that explain why there are none.
    /// `subject` names the text in messages ("front matter", "the config file").
    static func read(
        _ block: FrontMatterBlock, path: String, in subject: String = "front matter"
    ) -> (entries: [FrontMatterEntry], diagnostics: [SourceDiagnostic]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: block.yaml)
        } catch let error as YamlError {
            if let duplicate = duplicateTopLevelKey(in: block, path: path, subject: subject) { return ([], [duplicate]) }
            return ([], [diagnostic(for: error, block: block, path: path, subject: subject)])
        } catch {
            return ([], [.error("bad YAML in \(subject): \(error)", path: path, line: block.firstLine)])
        }
        guard let root else { return ([], []) }
        guard case .mapping(let mapping) = root else {
            let at = filePosition(root.mark, block: block)
            return ([], [.error("\(subject) must be a YAML mapping of keys to values (e.g. '\(subject == "front matter" ? "title: API outage" : "metrics: http://127.0.0.1:9090")')", path: path, line: at.line, column: at.column)])
        }
        var entries: [FrontMatterEntry] = []
        var diagnostics: [SourceDiagnostic] = []
        var seen: [String: Int] = [:]
        for (keyNode, valueNode) in mapping {
            let at = filePosition(keyNode.mark, block: block)
            guard let key = keyNode.scalar?.string else {
                diagnostics.append(.warning("\(subject) key is not a plain name; entry ignored", path: path, line: at.line, column: at.column))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(.error("duplicate \(subject) key '\(key)' (first on line \(first))", path: path, line: at.line, column: at.column))
                continue
            }
            seen[key] = at.line
            entries.append(FrontMatterEntry(key: key, value: value(valueNode, depth: 0), position: at))
        }
        return (entries, diagnostics)
    }

    private static func value(_ node: Node, depth: Int) -> MetadataValue {
        guard depth < 32 else { return .null }
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if let int = node.int { return .integer(int) }
            if let double = node.float, scalar.string.contains(where: { $0.isNumber }) { return .double(double) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { value($0, depth: depth + 1) })
        case .mapping(let mapping):
            return .map(mapping.map { MetadataPair(key: $0.key.scalar?.string ?? "", value: value($0.value, depth: depth + 1)) })
        case .alias:
            return .null
        }
    }

    private static func diagnostic(for error: YamlError, block: FrontMatterBlock, path: String, subject: String) -> SourceDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var at = filePosition(mark, block: block)
            if at.line >= block.closingLine {
                // The problem shows at the end of the YAML (an unclosed `[`, say): point at where
                // the construct began instead, or at the last YAML line.
                at = context.map { filePosition($0.mark, block: block) }
                    ?? SourcePosition(line: max(block.firstLine, block.closingLine - 1), column: 1)
            }
            let detail = context.map { " (\($0.text))" } ?? ""
            return .error("bad YAML in \(subject): \(problem)\(detail)", path: path, line: at.line, column: at.column)
        case .reader(let problem, _, _, _):
            return .error("bad YAML in \(subject): \(problem)", path: path, line: block.firstLine)
        default:
            return .error("bad YAML in \(subject): \(error)", path: path, line: block.firstLine)
        }
    }

    /// Yams refuses duplicate keys but reports the mapping's start; find the repeated top-level
    /// key (`key:` at column 1) ourselves to point at the second one.
    private static func duplicateTopLevelKey(in block: FrontMatterBlock, path: String, subject: String) -> SourceDiagnostic? {
        var seen: [Substring: Int] = [:]
        let lines = block.yaml.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, line) in lines.enumerated() {
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
                  let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard !key.contains(where: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "{" || $0 == "[" }) else { continue }
            let fileLine = block.firstLine + offset
            if let firstLine = seen[key] {
                return .error("duplicate \(subject) key '\(key)' (first on line \(firstLine))", path: path, line: fileLine, column: 1)
            }
            seen[key] = fileLine
        }
        return nil
    }

    /// A Yams mark (1-based within the YAML text) as a position in the file.
    private static func filePosition(_ mark: Mark?, block: FrontMatterBlock) -> SourcePosition {
        guard let mark else { return SourcePosition(line: block.firstLine, column: 1) }
        return SourcePosition(line: block.firstLine + max(0, mark.line - 1), column: max(1, mark.column))
    }
}
