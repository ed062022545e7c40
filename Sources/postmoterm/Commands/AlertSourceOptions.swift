import ArgumentParser
import BalancerAdapters
import Foundation
import MonitoringAdapters
import PostmotermCore

/// Where the alerts come from: `--alerts URL` (repeatable) and how to authenticate. Shared by
/// `alerts` and `open`.
struct AlertSourceOptions: ParsableArguments {
    @Option(name: .customLong("alerts"), help: ArgumentHelp(
        "An Alertmanager to watch, http(s)://HOST:PORT[/PREFIX] (repeatable; default: $POSTMOTERM_ALERTS_URL, else the playbook's front matter alertmanager:, else alertmanager: in $XDG_CONFIG_HOME/postmoterm/config.yaml).",
        valueName: "url"))
    var urls: [String] = []

    @Option(name: .customLong("alerts-auth-file"), help: ArgumentHelp("A file holding user:password for Alertmanager (basic auth; default: the config file's alerts_auth_file:).", valueName: "file"))
    var authFile: String?

    @Option(name: .customLong("alerts-token-file"), help: ArgumentHelp("A file holding a bearer token for Alertmanager (default: the config file's alerts_token_file:).", valueName: "file"))
    var tokenFile: String?

    func validate() throws {
        for text in urls {
            do { _ = try AlertmanagerAddress.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    /// The Alertmanagers to watch, by precedence: `--alerts`, `$POSTMOTERM_ALERTS_URL`, the
    /// playbook's front matter (`frontMatter`), the config file (``PostmotermConfiguration``).
    func resolvedURLs(frontMatter: String? = nil) -> [String] {
        ConfigFileSettings.current.alertmanagers(
            flags: urls, environment: ProcessInfo.processInfo.environment, frontMatter: frontMatter)
    }

    /// The clients for ``resolvedURLs(frontMatter:)``, with credentials resolved
    /// (``AlertmanagerCredentials``; the files given, else those the config file names).
    func clients(frontMatter: String? = nil) throws -> [AlertmanagerClient] {
        let configuration = ConfigFileSettings.current
        let authFile = authFile ?? ConfigFileSettings.expandingTilde(configuration.alertsAuthFile)
        let tokenFile = tokenFile ?? ConfigFileSettings.expandingTilde(configuration.alertsTokenFile)
        return try resolvedURLs(frontMatter: frontMatter).map { text in
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
