#if canImport(Glibc)
import Glibc
#endif

/// Why a socket exchange failed, before any protocol is looked at.
public enum TransportError: Error, Equatable, Sendable {
    /// Nothing listens there (`ECONNREFUSED`).
    case refused
    /// No answer within the timeout; `phase` says what was being waited for (connect, send, answer).
    case timedOut(phase: String, seconds: Double)
    /// The socket file or a directory on its path may not be opened by this user.
    case permissionDenied
    /// No socket file at that path.
    case noSuchSocket
    /// The path names something that is not a socket; `kind` says what (`a directory`, `a regular file`…).
    case notASocket(kind: String)
    /// The host name does not resolve.
    case hostNotFound(String)
    /// The answer grew past the size cap (bytes).
    case responseTooLarge(limit: Int)
    /// The peer closed or reset the connection before answering.
    case closedWithoutAnswer
    /// Any other system call failure.
    case system(call: String, code: Int32)
}

extension TransportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .refused: return "connection refused (is it running, and is this the right address?)"
        case .timedOut(let phase, let seconds): return "timed out after \(Self.seconds(seconds)) waiting for \(phase)"
        case .permissionDenied: return "permission denied (check the socket's owner and mode, or run as a user allowed to read it)"
        case .noSuchSocket: return "no such socket file"
        case .notASocket(let kind): return "\(kind), not a socket (give the path of HAProxy's `stats socket`)"
        case .hostNotFound(let host): return "host \(host) not found"
        case .responseTooLarge(let limit): return "response larger than \(limit / 1024) KiB, refused (the cap protects the console)"
        case .closedWithoutAnswer: return "connection closed without an answer"
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))s" : "\(Int((value * 1000).rounded()))ms"
    }

    /// What is at `path` when it is not a socket (`a directory`, `a regular file`, …); nil for a
    /// socket or nothing at all. A unix connect to a directory or a file fails as "refused".
    static func nonSocketKind(at path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFSOCK: return nil
        case S_IFDIR: return "a directory"
        case S_IFREG: return "a regular file"
        case S_IFIFO: return "a named pipe"
        default: return "a device or special file"
        }
    }

    /// Maps a failed connect's errno.
    static func connectFailure(_ code: Int32) -> TransportError {
        switch code {
        case ECONNREFUSED: return .refused
        case ENOENT: return .noSuchSocket
        case EACCES, EPERM: return .permissionDenied
        case ETIMEDOUT: return .timedOut(phase: "the connection", seconds: 0)
        default: return .system(call: "connect", code: code)
        }
    }
}
