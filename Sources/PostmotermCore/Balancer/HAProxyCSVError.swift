/// Why text from an HAProxy source is not usable `show stat` CSV.
public enum HAProxyCSVError: Error, Equatable, Sendable {
    /// The response is empty.
    case empty
    /// The response is not HAProxy CSV; the value describes what it is (e.g. `an HTML page
    /// starting "<!DOCTYPE html>…"`), escaped for the terminal.
    case notCSV(got: String)
    /// The CSV ends in the middle of a row (the connection broke, or a size cap cut it).
    case truncated(line: Int, detail: String)
    /// The header lacks columns postmoterm cannot do without (`pxname`, `svname`, `status`).
    case missingColumns([String])
}

extension HAProxyCSVError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: return "empty response, not HAProxy CSV"
        case .notCSV(let got): return "not HAProxy CSV: got \(got)"
        case .truncated(let line, let detail): return "truncated HAProxy CSV at line \(line): \(detail)"
        case .missingColumns(let names): return "HAProxy CSV without the column(s) \(names.joined(separator: ", "))"
        }
    }
}
