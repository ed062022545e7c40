/// Why a TLS exchange failed once a TCP connection was there (connect-level failures stay
/// ``TransportError``s).
public enum TLSError: Error, Equatable, Sendable {
    /// The server's certificate chain or name did not verify; `reason` is OpenSSL's text
    /// (`X509_verify_cert_error_string`, e.g. "self-signed certificate").
    case certificateNotVerified(host: String, reason: String)
    /// The handshake failed for another reason (protocol versions, ciphers, the server hung up);
    /// `detail` is OpenSSL's error text.
    case handshakeFailed(String)
    /// Reading or writing the encrypted stream failed after the handshake.
    case streamFailed(String)
    /// The TLS client could not be set up (no memory, an unreadable CA file…).
    case setupFailed(String)
}

extension TLSError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .certificateNotVerified(let host, let reason):
            return "the certificate of \(host) could not be verified: \(reason) "
                + "(for a private CA, set SSL_CERT_FILE=/path/ca.pem)"
        case .handshakeFailed(let detail): return "TLS handshake failed: \(detail)"
        case .streamFailed(let detail): return "TLS connection failed: \(detail)"
        case .setupFailed(let detail): return "cannot set up TLS: \(detail)"
        }
    }
}
