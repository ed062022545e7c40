/// Why a team store URL or its password could not be used. No case carries a password: URLs are
/// shown with any password replaced by `***`.
public enum TeamSettingsError: Error, Equatable, CustomStringConvertible {
    /// Not `postgres://USER@HOST[:PORT]/DB[?…]` (the URL, redacted).
    case notAURL(String)
    /// The URL holds a password (refused: URLs show in `ps`, shell history and logs).
    case passwordInURL(String)
    /// No role before `@`.
    case missingUser(String)
    /// No host.
    case missingHost(String)
    /// A port that is not 1–65535.
    case badPort(String)
    /// A `?name=` this client does not know.
    case unknownParameter(String)
    /// An `sslmode=` value it does not know.
    case badSSLMode(String)
    /// `sslrootcert=` names a file that cannot be read.
    case unreadableCAFile(String)
    /// A password file (or pgpass file) cannot be read: its path and why.
    case unreadablePasswordFile(path: String, reason: String)
    /// A password file (or pgpass file) that group or others may read: its path and mode.
    case passwordFileTooOpen(path: String, mode: String)
    /// A password file with nothing in it.
    case emptyPasswordFile(String)

    public var description: String {
        let form = "postgres://USER@HOST:PORT/DB?sslmode=disable|prefer|require|verify-ca|verify-full&sslrootcert=CA.pem"
        switch self {
        case .notAURL(let url): return "the team store URL \(url) is not of the form \(form)"
        case .passwordInURL(let url):
            return "the team store URL \(url) holds a password: give it in $PGPASSWORD, ~/.pgpass or "
                + "--team-password-file instead (a URL shows in ps, shell history and logs)"
        case .missingUser(let url): return "the team store URL \(url) names no role: \(form)"
        case .missingHost(let url): return "the team store URL \(url) names no host: \(form)"
        case .badPort(let url): return "the team store URL \(url) has a port outside 1-65535"
        case .unknownParameter(let name):
            return "the team store URL has an unknown parameter \(name) (known: sslmode, sslrootcert, connect_timeout)"
        case .badSSLMode(let mode):
            return "the team store URL has sslmode=\(mode); use one of "
                + TeamSSLMode.allCases.map(\.rawValue).joined(separator: ", ")
        case .unreadableCAFile(let path): return "the team store's CA file \(path) (sslrootcert) cannot be read"
        case .unreadablePasswordFile(let path, let reason): return "the password file \(path) cannot be read: \(reason)"
        case .passwordFileTooOpen(let path, let mode):
            return "the password file \(path) has mode \(mode): group or others may read it; chmod 0600 \(path)"
        case .emptyPasswordFile(let path): return "the password file \(path) is empty"
        }
    }
}
