import Foundation
import NIOCore
import NIOSSL
import PostgresNIO
import PostmotermCore

extension TeamStoreError {
    /// What `error` (from PostgresNIO, NIO, NIOSSL or a ``Timeout``) means for the user of the
    /// store at `settings`. Only chosen fields are read (SQLSTATE, the server's message, the
    /// kind of failure): never a query's binds, never the configuration, so never a password.
    static func from(_ error: any Error, settings: TeamConnectionSettings, timeout: Double) -> TeamStoreError {
        let store = settings.address
        switch error {
        case let error as TeamStoreError:
            return error
        case let error as TeamSettingsError:
            return .invalidURL(error.description)
        case is Timeout.Expired:
            return .timedOut(store: store, seconds: timeout)
        case let error as PSQLError:
            return from(error, settings: settings, timeout: timeout)
        case let error as NIOSSLError:
            return .tls(store: store, reason: "\(error)")
        case let error as BoringSSLError:
            return .tls(store: store, reason: "\(error)")
        case is CancellationError:
            return .timedOut(store: store, seconds: timeout)
        default:
            return .unreachable(store: store, reason: reason(error))
        }
    }

    private static func from(_ error: PSQLError, settings: TeamConnectionSettings, timeout: Double) -> TeamStoreError {
        let store = settings.address
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "error \(state)"
            switch state {
            case "28P01", "28000": return .authenticationFailed(store: store, user: settings.user)
            case "3D000": return .databaseMissing(store: store, database: settings.database)
            case "57P01", "57P02", "57P03": return .unreachable(store: store, reason: message)
            default: return .server(store: store, message: "\(message) (SQLSTATE \(state))")
            }
        case .authMechanismRequiresPassword:
            return .authenticationFailed(store: store, user: settings.user)
        case .sslUnsupported:
            return .tls(store: store, reason: "the server does not offer TLS (sslmode=\(settings.sslMode.rawValue))")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .tls(store: store, reason: error.underlying.map(reason) ?? "the TLS handshake failed")
        case .serverClosedConnection, .uncleanShutdown:
            if let underlying = error.underlying, underlying is NIOSSLError || underlying is BoringSSLError {
                return .tls(store: store, reason: "\(underlying)")
            }
            return .unreachable(store: store, reason: "the connection was lost")
        case .clientClosedConnection:
            return .timedOut(store: store, seconds: timeout)
        case .connectionError:
            if let underlying = error.underlying {
                return from(underlying, settings: settings, timeout: timeout)
            }
            return .unreachable(store: store, reason: "cannot connect")
        default:
            return .server(store: store, message: "\(error.code)")
        }
    }

    /// A short reason for a network failure ("connection refused", "no route to host"…).
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        if let error = error as? NIOSSLError { return "TLS: \(error)" }
        if error is ChannelError { return "the connection was lost" }
        let text = "\(error)"
        if text.contains("refused") { return "connection refused" }
        if text.contains("timeout") || text.contains("timed out") { return "connect timed out" }
        return text
    }
}
