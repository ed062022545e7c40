/// Where the team store is and how to reach it, as the user configured it (`--team`,
/// `$POSTMOTERM_TEAM_URL` or `team:` in the config file; `--team-password-file`). The adapter
/// (`PostgresTeamStore(connection:)`) parses the URL, finds the password (`$PGPASSWORD`,
/// `~/.pgpass`, `passwordFile`) and sets up TLS (`sslmode`, `sslrootcert`).
///
/// The password itself is never part of this value: its `description` is the URL with any
/// password in it replaced by `***`, safe for the header, errors and logs.
public struct TeamConnection: Hashable, Sendable {
    /// The URL as given, e.g. `postgres://alice@db.internal:5432/incidents?sslmode=require`.
    public var url: String
    /// A file whose first line is the password (`--team-password-file`).
    public var passwordFile: String?

    public init(url: String, passwordFile: String? = nil) {
        self.url = url
        self.passwordFile = passwordFile
    }

    /// The URL without secrets: a password in the user part (`user:secret@`) or in a
    /// `password=` query parameter becomes `***`.
    public var redactedURL: String { Self.redact(url) }

    /// `url` with any password in it replaced by `***`.
    public static func redact(_ url: String) -> String {
        var text = Substring(url)
        var result = ""
        if let scheme = text.range(of: "://") {
            result += text[..<scheme.upperBound]
            text = text[scheme.upperBound...]
            let authorityEnd = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? text.endIndex
            let authority = text[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    result += userInfo[..<colon] + ":***"
                } else {
                    result += userInfo
                }
                result += authority[at...]
            } else {
                result += authority
            }
            text = text[authorityEnd...]
        }
        guard let query = text.firstIndex(of: "?") else { return result + text }
        result += text[...query]
        let parameters = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
        result += parameters.map { parameter in
            parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
        }.joined(separator: "&")
        return result
    }
}

extension TeamConnection: CustomStringConvertible {
    public var description: String { redactedURL }
}
