/// A front-matter value, as YAML wrote it. Keys the playbook format does not define (Hugo's
/// `weight`, `bookHidden`, …) are kept as these, in ``PlaybookMetadata/extra``.
public indirect enum MetadataValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case null
    case list([MetadataValue])
    /// A mapping, keys in the order written.
    case map([MetadataPair])

    /// The value as one line of text: scalars as written, collections in a flow style.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }

    /// The string of a scalar; `nil` for `null`, lists and maps.
    public var scalarText: String? {
        switch self {
        case .string, .integer, .double, .bool: return text
        case .null, .list, .map: return nil
        }
    }
}
