import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// ``SocketExchange`` over TLS (OpenSSL): one request, one answer, one deadline for connect,
/// handshake, send and receive, the answer capped at `limit` bytes.
///
/// The server's certificate must verify against the system store (OpenSSL's default paths, so
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` apply) or against `caFile` when one is given, and must be
/// for `host` (the DNS name, or the IP address for an IP literal). SNI is sent for names. The
/// socket stays non-blocking; `SSL_ERROR_WANT_READ/WRITE` become `poll()` waits with the time
/// left. Call it off the cooperative thread pool (``BlockingIO``). Throws ``TransportError`` or
/// ``TLSError``.
enum TLSExchange {
    static func run(
        host: String, port: Int, request: [UInt8], timeout: Double, limit: Int, caFile: String? = nil,
        isComplete: (([UInt8]) -> Bool)? = nil
    ) throws -> [UInt8] {
        let deadline = SocketExchange.monotonicNow() + timeout
        let context = try caFile.map(makeContext) ?? systemContext.get()
        defer { if caFile != nil { SSL_CTX_free(context) } }
        let fd = try SocketExchange.connect(.tcp(host: host, port: port), deadline: deadline, timeout: timeout)
        defer { close(fd) }
        let signals = SignalPipeGuard()
        defer { signals.restore() }
        guard let ssl = SSL_new(context) else { throw TLSError.setupFailed(openSSLError(fallback: "SSL_new")) }
        defer { SSL_free(ssl) }
        try configure(ssl, fd: fd, host: host)
        let session = Session(ssl: ssl, fd: fd, deadline: deadline, timeout: timeout)
        try session.handshake(host: host)
        try session.writeAll(request)
        return try session.readAnswer(limit: limit, isComplete: isComplete)
    }

    // MARK: - Setup

    /// The client context on the system store, made once (an `SSL_CTX` may be shared by threads).
    nonisolated(unsafe) private static let systemContext: Result<OpaquePointer, TLSError> = Result { () throws(TLSError) in
        try makeContext(caFile: nil)
    }

    private static func makeContext(caFile: String?) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .setupFailed(openSSLError(fallback: "SSL_CTX_new")) }
        postmoterm_SSL_CTX_set_min_tls12(context)
        postmoterm_SSL_CTX_set_client_options(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                SSL_CTX_free(context)
                throw .setupFailed("cannot read CA certificates from \(caFile): \(openSSLError(fallback: "unreadable"))")
            }
        } else {
            // Missing default files are not an error here; verification then fails with a clear reason.
            SSL_CTX_set_default_verify_paths(context)
            ERR_clear_error()
        }
        return context
    }

    private static func configure(_ ssl: OpaquePointer, fd: Int32, host: String) throws(TLSError) {
        guard SSL_set_fd(ssl, fd) == 1 else { throw .setupFailed(openSSLError(fallback: "SSL_set_fd")) }
        postmoterm_SSL_set_moving_write_buffer(ssl)
        if isIPLiteral(host) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else {
                throw .setupFailed("cannot check the certificate against IP address \(host)")
            }
        } else {
            guard postmoterm_SSL_set_tlsext_host_name(ssl, host) == 1, SSL_set1_host(ssl, host) == 1 else {
                throw .setupFailed("cannot check the certificate against host name \(host)")
            }
        }
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// The oldest queued OpenSSL error's reason (e.g. "wrong version number"), or `fallback`.
    static func openSSLError(fallback: String) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return fallback }
        if let reason = ERR_reason_error_string(code) { return String(cString: reason) }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
