/// How the connection to the team store is encrypted (`sslmode=`, libpq's names and meanings).
public enum TeamSSLMode: String, Sendable, CaseIterable {
    /// Plain TCP only.
    case disable
    /// TLS when the server offers it, plain otherwise; the certificate is not checked (libpq's default).
    case prefer
    /// TLS or no connection; the certificate is checked against `sslrootcert` only when one is given.
    case require
    /// TLS, the certificate chain checked against `sslrootcert` (or the system's roots), not the name.
    case verifyCA = "verify-ca"
    /// TLS, the chain and the server's name (or IP address) checked.
    case verifyFull = "verify-full"
}
