/// Where a team store password came from (named in messages; the password never is).
public enum TeamPasswordSource: Sendable, Equatable, CustomStringConvertible {
    /// `--team-password-file PATH`.
    case passwordFile(String)
    /// `$PGPASSWORD`.
    case environment
    /// A matching line of a pgpass file (`$PGPASSFILE` or `~/.pgpass`).
    case pgpass(path: String, line: Int)
    /// None found: the server is asked without one (it may trust the host, or refuse).
    case none

    public var description: String {
        switch self {
        case .passwordFile(let path): "password file \(path)"
        case .environment: "$PGPASSWORD"
        case .pgpass(let path, let line): "\(path):\(line)"
        case .none: "no password"
        }
    }
}
