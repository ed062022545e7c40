import Foundation

/// Where the team store is and how to log in: parsed from `postgres://USER@HOST[:PORT]/DB[?…]`,
/// the password found separately (``resolvingPassword(passwordFile:environment:homeDirectory:)``).
///
/// A password inside the URL is refused (``TeamSettingsError/passwordInURL(_:)``): a URL is shown
/// in `ps`, shell history, config files and logs. ``description`` never holds the password.
public struct TeamConnectionSettings: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: TeamSSLMode
    /// `sslrootcert=`: the CA file that signed the server's certificate (else the system's roots).
    public var caFile: String?
    /// `connect_timeout=` in seconds (libpq's name): how long a connection attempt may take.
    public var connectTimeout: Double
    /// The password, once resolved (printing it shows `<redacted>`).
    public var password: TeamPassword?
    /// Where ``password`` came from.
    public var passwordSource: TeamPasswordSource

    public static let defaultPort = 5432
    public static let defaultConnectTimeout: Double = 5

    public init(
        user: String, host: String, port: Int = defaultPort, database: String, sslMode: TeamSSLMode = .prefer,
        caFile: String? = nil, connectTimeout: Double = defaultConnectTimeout, password: TeamPassword? = nil,
        passwordSource: TeamPasswordSource = .none
    ) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.password = password
        self.passwordSource = passwordSource
    }

    /// `host:port/database`, the name every error of the store gives.
    public var address: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port)/\(database)"
    }

    /// The URL as given (without any password), and where the password comes from.
    public var description: String {
        var query: [String] = ["sslmode=\(sslMode.rawValue)"]
        if let caFile { query.append("sslrootcert=\(caFile)") }
        return "postgres://\(user)@\(address)?\(query.joined(separator: "&")) (\(passwordSource))"
    }

    /// Parses a team store URL (scheme `postgres` or `postgresql`; port 5432 and database = user
    /// by default, as libpq). The password is not looked up here.
    public static func parse(_ url: String) throws -> TeamConnectionSettings {
        let shown = redacted(url)
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw TeamSettingsError.notAURL(shown)
        }
        if components.password != nil { throw TeamSettingsError.passwordInURL(shown) }
        guard let user = components.user, !user.isEmpty else { throw TeamSettingsError.missingUser(shown) }
        guard var host = components.host, !host.isEmpty else { throw TeamSettingsError.missingHost(shown) }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw TeamSettingsError.badPort(shown) }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        var settings = TeamConnectionSettings(user: user, host: host, port: port, database: path.isEmpty ? user : path)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TeamSSLMode(rawValue: value) else { throw TeamSettingsError.badSSLMode(value) }
                settings.sslMode = mode
            case "sslrootcert":
                guard FileManager.default.isReadableFile(atPath: value) else { throw TeamSettingsError.unreadableCAFile(value) }
                settings.caFile = value
            case "connect_timeout":
                guard let seconds = Double(value), seconds > 0 else { throw TeamSettingsError.notAURL(shown) }
                settings.connectTimeout = seconds
            default:
                throw TeamSettingsError.unknownParameter(item.name)
            }
        }
        return settings
    }

    /// These settings with the password found, in this order: `passwordFile` (its first line),
    /// `$PGPASSWORD`, then the first matching line of `$PGPASSFILE` or `~/.pgpass` (libpq's
    /// lookup). Password files must be mode 0600 or stricter. None found: no password.
    public func resolvingPassword(
        passwordFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = NSHomeDirectory()
    ) throws -> TeamConnectionSettings {
        var settings = self
        if let passwordFile {
            let text = try PasswordFile.read(passwordFile)
            let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let password = first.hasSuffix("\r") ? String(first.dropLast()) : first
            guard !password.isEmpty else { throw TeamSettingsError.emptyPasswordFile(passwordFile) }
            settings.password = TeamPassword(password)
            settings.passwordSource = .passwordFile(passwordFile)
        } else if let password = environment["PGPASSWORD"], !password.isEmpty {
            settings.password = TeamPassword(password)
            settings.passwordSource = .environment
        } else {
            let path = environment["PGPASSFILE"] ?? homeDirectory + "/.pgpass"
            guard FileManager.default.fileExists(atPath: path) else { return settings }
            let file = PgpassFile(path: path, text: try PasswordFile.read(path))
            if let found = file.password(host: host, port: port, database: database, user: user) {
                settings.password = TeamPassword(found.password)
                settings.passwordSource = .pgpass(path: path, line: found.line)
            }
        }
        return settings
    }

    /// `url` with anything between `//` and `@` after a `:` replaced by `***`, so that an error
    /// about a URL never shows a password in it.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url.contains("@") ? "(not shown)" : url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<scheme.upperBound]) + rest[..<colon] + ":***" + rest[at...]
    }
}
