import Foundation

extension BalancerAddress {
    /// Parses an address as typed after `--balancer` (see ``BalancerAddress`` for the spellings).
    public static func parse(_ text: String) throws(BalancerAddressError) -> BalancerAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw .empty }
        guard let schemeEnd = trimmed.range(of: "://") else {
            if trimmed.hasPrefix("/") || trimmed.hasPrefix("./") || trimmed.hasPrefix("../") || trimmed.hasSuffix(".sock") {
                return BalancerAddress(endpoint: .haproxyUnix(path: trimmed))
            }
            throw .unknownScheme(TerminalSafe.escape(trimmed))
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "haproxy+unix", "unix":
            guard rest.hasPrefix("/") else { throw .missingPath(scheme) }
            return BalancerAddress(endpoint: .haproxyUnix(path: rest))
        case "haproxy+tcp":
            let authority = try Authority(parsing: rest, scheme: scheme)
            guard authority.path.isEmpty || authority.path == "/" else { throw .unexpectedPath(scheme) }
            return BalancerAddress(endpoint: .haproxyTCP(host: authority.host, port: try authority.requirePort(scheme)))
        case "haproxy+http", "haproxy+https":
            let secure = scheme == "haproxy+https"
            let authority = try Authority(parsing: rest, scheme: scheme)
            var path = authority.path.isEmpty ? "/" : authority.path
            if !path.lowercased().hasSuffix(";csv") { path += ";csv" }
            let port = authority.port ?? (secure ? 443 : 80)
            return BalancerAddress(
                endpoint: .haproxyStatsPage(secure: secure, host: authority.host, port: port, path: path),
                credentials: authority.credentials
            )
        case "envoy+http":
            let authority = try Authority(parsing: rest, scheme: scheme)
            return BalancerAddress(
                endpoint: .envoyAdmin(host: authority.host, port: try authority.requirePort(scheme)),
                credentials: authority.credentials
            )
        default:
            throw .unknownScheme(TerminalSafe.escape(scheme))
        }
    }
}

/// `[user:password@]host[:port][/path]` of an address.
private struct Authority {
    var host: String
    var port: Int?
    var path: String
    var credentials: BasicCredentials?

    init(parsing text: String, scheme: String) throws(BalancerAddressError) {
        let slash = text.firstIndex(of: "/") ?? text.endIndex
        var authority = String(text[..<slash])
        path = String(text[slash...])
        if let at = authority.lastIndex(of: "@") {
            let userInfo = String(authority[..<at])
            authority = String(authority[authority.index(after: at)...])
            guard let colon = userInfo.firstIndex(of: ":") else { throw .credentialsWithoutPassword }
            let user = String(userInfo[..<colon]).removingPercentEncoding ?? String(userInfo[..<colon])
            let rawPassword = String(userInfo[userInfo.index(after: colon)...])
            credentials = BasicCredentials(user: user, password: rawPassword.removingPercentEncoding ?? rawPassword)
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .badHost(scheme) }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw .badPort(scheme) }
                port = value
            } else if !after.isEmpty {
                throw .badHost(scheme)
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw .badPort(scheme)
            }
            port = value
        } else {
            host = authority
        }
        if host.isEmpty || host.contains(where: { $0 == " " || $0.isNewline }) { throw .badHost(scheme) }
    }

    func requirePort(_ scheme: String) throws(BalancerAddressError) -> Int {
        guard let port else { throw .missingPort(scheme) }
        return port
    }
}
