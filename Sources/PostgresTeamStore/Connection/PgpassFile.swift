/// A pgpass file (libpq's format): `hostname:port:database:username:password` a line, `*` matching
/// anything in the first four fields, `\:` and `\\` escaping, `#` starting a comment line; the
/// first line that matches wins.
struct PgpassFile {
    struct Entry {
        var fields: [String]
        var line: Int
    }

    let path: String
    let entries: [Entry]

    init(path: String, text: String) {
        self.path = path
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = Self.fields(of: line)
            guard fields.count == 5 else { continue }  // libpq skips malformed lines too
            entries.append(Entry(fields: fields, line: index + 1))
        }
        self.entries = entries
    }

    /// The password of the first line matching host, port, database and user, and its line number.
    func password(host: String, port: Int, database: String, user: String) -> (password: String, line: Int)? {
        let wanted = [host, String(port), database, user]
        for entry in entries where zip(entry.fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
            return (entry.fields[4], entry.line)
        }
        return nil
    }

    /// Splits at unescaped `:`; `\x` stands for `x`. The password (last field) keeps any further `:`.
    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
