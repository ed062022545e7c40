import Foundation
import NIOCore
import NIOSSL
import PostgresNIO
import PostmotermCore

extension TeamConnectionSettings {
    /// The connection's configuration for PostgresNIO: TLS as ``sslMode`` says (libpq's meanings,
    /// ``TeamSSLMode``), the connect timeout, `application_name=postmoterm`.
    func postgresConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password?.revealed, database: database, tls: try tls())
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        configuration.options.additionalStartupParameters = [("application_name", "postmoterm")]
        return configuration
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.trustRoots = .file(caFile) }
        switch sslMode {
        case .disable:
            return .disable
        case .prefer:
            tls.certificateVerification = .none
            return .prefer(try context(tls))
        case .require:
            tls.certificateVerification = caFile == nil ? .none : .noHostnameVerification
            return .require(try context(tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(try context(tls))
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(try context(tls))
        }
    }

    private func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw TeamStoreError.tls(store: address, reason: "cannot use the CA file \(caFile ?? "(system roots)"): \(error)")
        }
    }
}
