import ArgumentParser
import BalancerAdapters
import Foundation
import MonitoringAdapters
import PostmotermCore

/// Where the alerts come from: `--alerts URL` (repeatable) and how to authenticate. Shared by
/// `alerts` and `open`.
struct AlertSourceOptions: ParsableArguments {
    @Option(name: .customLong("alerts"), help: ArgumentHelp(
        "An Alertmanager to watch, http(s)://HOST:PORT[/PREFIX] (repeatable; a playbook's front matter alertmanager: is used when none is given).",
        valueName: "url"))
    var urls: [String] = []

    @Option(name: .customLong("alerts-auth-file"), help: ArgumentHelp("A file holding user:password for Alertmanager (basic auth).", valueName: "file"))
    var authFile: String?

    @Option(name: .customLong("alerts-token-file"), help: ArgumentHelp("A file holding a bearer token for Alertmanager.", valueName: "file"))
    var tokenFile: String?

    func validate() throws {
        for text in urls {
            do { _ = try AlertmanagerAddress.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    /// The clients for the URLs given, else for `fallback` (front matter), with credentials
    /// resolved (``AlertmanagerCredentials``).
    func clients(fallback: String? = nil) throws -> [AlertmanagerClient] {
        let texts = urls.isEmpty ? (fallback.map { [$0] } ?? []) : urls
        return try texts.map { text in
            do {
                let address = try AlertmanagerAddress.parse(text)
                let authorization = try AlertmanagerCredentials.resolve(address, authFile: authFile, tokenFile: tokenFile)
                return AlertmanagerClient(address: address, authorization: authorization)
            } catch let error as AlertmanagerAddress.ParseError {
                throw ValidationError(error.description)
            } catch let error as AlertmanagerCredentials.Failure {
                throw ValidationError(error.description)
            }
        }
    }
}
