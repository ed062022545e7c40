import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

extension TLSExchange {
    /// One `SSL` on a connected non-blocking socket, driven to completion with `poll()` until the
    /// shared deadline.
    struct Session {
        let ssl: OpaquePointer
        let fd: Int32
        let deadline: Double
        let timeout: Double

        /// What an `SSL_*` call that returned `result` asks for next.
        private enum Next {
            case retry
            case closed
            case failed(code: Int32, errno: Int32)
        }

        /// Waits as OpenSSL asks (`WANT_READ` / `WANT_WRITE`) or says why it stopped.
        private func next(after result: Int32, phase: String) throws(TransportError) -> Next {
            let savedErrno = errno
            let code = SSL_get_error(ssl, result)
            switch code {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                let events = Int16(code == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT)
                guard try SocketExchange.wait(fd, events, deadline: deadline) else {
                    throw .timedOut(phase: phase, seconds: timeout)
                }
                return .retry
            case SSL_ERROR_ZERO_RETURN:
                return .closed
            default:
                return .failed(code: code, errno: savedErrno)
            }
        }

        func handshake(host: String) throws {
            while true {
                ERR_clear_error()
                let result = SSL_connect(ssl)
                if result == 1 { return }
                switch try next(after: result, phase: "the TLS handshake") {
                case .retry: continue
                case .closed: throw TLSError.handshakeFailed("the server closed the connection during the handshake")
                case .failed(let code, let savedErrno):
                    let verify = SSL_get_verify_result(ssl)
                    if verify != X509_V_OK {
                        ERR_clear_error()
                        throw TLSError.certificateNotVerified(host: host, reason: String(cString: X509_verify_cert_error_string(verify)))
                    }
                    throw TLSError.handshakeFailed(failureText(code: code, errno: savedErrno, during: "the handshake"))
                }
            }
        }

        func writeAll(_ bytes: [UInt8]) throws {
            var offset = 0
            while offset < bytes.count {
                ERR_clear_error()
                let result = bytes.withUnsafeBytes { raw in
                    SSL_write(ssl, raw.baseAddress! + offset, Int32(raw.count - offset))
                }
                if result > 0 { offset += Int(result); continue }
                switch try next(after: result, phase: "the request to be sent") {
                case .retry: continue
                case .closed: throw TransportError.closedWithoutAnswer
                case .failed(let code, let savedErrno):
                    if code == SSL_ERROR_SYSCALL && (savedErrno == EPIPE || savedErrno == ECONNRESET) { throw TransportError.closedWithoutAnswer }
                    throw TLSError.streamFailed(failureText(code: code, errno: savedErrno, during: "sending"))
                }
            }
        }

        func readAnswer(limit: Int, isComplete: (([UInt8]) -> Bool)?) throws -> [UInt8] {
            var data: [UInt8] = []
            data.reserveCapacity(64 * 1024)
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                ERR_clear_error()
                let result = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
                if result > 0 {
                    data.append(contentsOf: chunk[0..<Int(result)])
                    if data.count > limit { throw TransportError.responseTooLarge(limit: limit) }
                    if let isComplete, isComplete(data) { return data }
                    continue
                }
                switch try next(after: result, phase: data.isEmpty ? "an answer" : "the rest of the answer") {
                case .retry: continue
                case .closed:
                    if data.isEmpty { throw TransportError.closedWithoutAnswer }
                    return data
                case .failed(let code, let savedErrno):
                    // After some data, a failure is never the answer's end: a peer that closes
                    // without close_notify (OpenSSL 3: SSL_ERROR_SSL "unexpected eof"), a reset,
                    // a bad record. A whole answer was returned above, when `isComplete` said so;
                    // what is here is cut short, and its bytes are not authenticated as the end.
                    if !data.isEmpty {
                        let reason = failureText(code: code, errno: savedErrno, during: "the answer")
                        throw TLSError.streamFailed("the answer was cut off after \(data.count) bytes (\(reason))")
                    }
                    if code == SSL_ERROR_SYSCALL && (savedErrno == 0 || savedErrno == ECONNRESET) { throw TransportError.closedWithoutAnswer }
                    throw TLSError.streamFailed(failureText(code: code, errno: savedErrno, during: "receiving"))
                }
            }
        }

        private func failureText(code: Int32, errno savedErrno: Int32, during phase: String) -> String {
            if code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 {
                if savedErrno == 0 { return "the server closed the connection during \(phase)" }
                return String(cString: strerror(savedErrno))
            }
            let reason = TLSExchange.openSSLError(fallback: "OpenSSL error \(code)")
            if reason == "wrong version number" { return reason + " (is it plain HTTP? use haproxy+http://)" }
            return reason
        }
    }
}
