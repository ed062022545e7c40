/// Where an Alertmanager answers, as the user typed it (`--alerts URL`): `http://HOST:PORT[/PREFIX]`
/// or `https://…`, optionally with `USER:PASSWORD@` (better: `--alerts-auth-file`). The port
/// defaults to 9093 (http) or 443 (https). Credentials are kept apart and never in ``display``.
public struct AlertmanagerAddress: Sendable, Hashable, CustomStringConvertible {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// The route prefix (`--web.route-prefix`), without a trailing `/`; empty for none.
    public var pathPrefix: String
    public var credentials: BasicCredentials?

    public init(secure: Bool = false, host: String, port: Int, pathPrefix: String = "", credentials: BasicCredentials? = nil) {
        self.secure = secure
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
        self.credentials = credentials
    }

    /// Why an address was refused (the value is the address as typed, credentials masked).
    public struct ParseError: Error, Hashable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "not an Alertmanager URL: \(text): \(reason) (expected http://HOST:PORT)" }
    }

    /// Parses `http(s)://[USER:PASSWORD@]HOST[:PORT][/PREFIX]`; IPv6 hosts in brackets.
    public static func parse(_ text: String) throws(ParseError) -> AlertmanagerAddress {
        let secure: Bool
        let rest: Substring
        if text.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else if text.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else {
            throw ParseError(text: masked(text), reason: "the scheme must be http or https")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        var prefix = String(rest[slash...])
        while prefix.hasSuffix("/") { prefix.removeLast() }
        var credentials: BasicCredentials?
        if let at = authority.lastIndex(of: "@") {
            guard let parsed = BasicCredentials(userColonPassword: String(authority[..<at])) else {
                throw ParseError(text: masked(text), reason: "the user info must be user:password")
            }
            credentials = parsed
            authority = authority[authority.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw ParseError(text: masked(text), reason: "an unclosed [") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ParseError(text: masked(text), reason: "unexpected text after ]")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw ParseError(text: masked(text), reason: "no host") }
        var port = secure ? 443 : 9093
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw ParseError(text: masked(text), reason: "the port must be 1-65535")
            }
            port = value
        }
        return AlertmanagerAddress(secure: secure, host: String(host), port: port, pathPrefix: prefix, credentials: credentials)
    }

    /// The address as shown and recorded: credentials masked.
    public var display: String {
        let auth = credentials == nil ? "" : "***:***@"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "https" : "http")://\(auth)\(hostPart):\(port)\(pathPrefix)"
    }

    public var description: String { display }

    /// `text` with any user info replaced by `***:***` (for error messages).
    static func masked(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let after = text[scheme.upperBound...]
        let authorityEnd = after.firstIndex(of: "/") ?? after.endIndex
        guard let at = after[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***:***" + String(after[at...])
    }
}
