import ArgumentParser
import Foundation
import MonitoringAdapters
import PostmotermCore

/// `postmoterm alerts [--alerts URL...] [--json]`: what is firing now, like `amtool alert query`.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts firing in Alertmanager (like amtool alert query).",
        discussion: """
            One line per alert: the alertname, severity, when it started, the labels that say \
            where (instance, pod, service…), the summary, and whether it is silenced or inhibited. \
            Every text is shown inert (escape sequences as ^[…). Exits 0 when every Alertmanager \
            answered, 2 when one did not (stderr says which and why).

            Credentials: user:password@ in the URL, --alerts-auth-file FILE (user:password), \
            --alerts-token-file FILE (a bearer token), $POSTMOTERM_ALERTS_AUTH or \
            $POSTMOTERM_ALERTS_TOKEN. They are never printed.

            Examples:
              postmoterm alerts --alerts http://127.0.0.1:9093
              postmoterm alerts --alerts https://am.example/alertmanager --alerts-token-file ~/.am-token --json
            """
    )

    @OptionGroup var sources: AlertSourceOptions

    @Flag(help: "Print the alerts as JSON (one array).")
    var json = false

    @Option(help: ArgumentHelp("Seconds to wait for each Alertmanager's answer.", valueName: "seconds"))
    var timeout: Double = 5

    func validate() throws {
        if sources.resolvedURLs().isEmpty {
            throw ValidationError("give at least one --alerts URL (or set $POSTMOTERM_ALERTS_URL, or alertmanager: in $XDG_CONFIG_HOME/postmoterm/config.yaml)")
        }
        if !(timeout > 0 && timeout <= 60) { throw ValidationError("--timeout must be between 0 and 60 seconds") }
    }

    func run() async throws {
        let poller = AlertPoller(clients: try sources.clients(), timeout: timeout)
        let reports = await poller.pollOnce()
        var failed = false
        for report in reports where !report.state.isLive {
            failed = true
            FileHandle.standardError.write(Data("postmoterm: \(report.state.label)\n".utf8))
        }
        let now = Timestamp(Date())
        let listed = reports.compactMap(\.snapshot).flatMap { snapshot in snapshot.alerts.map { (snapshot.source, $0) } }
            .sorted { ($0.1.name, $0.1.startsAt) < ($1.1.name, $1.1.startsAt) }
        if json {
            print(try AlertListing.json(listed))
        } else {
            for line in AlertListing.lines(listed.map(\.1), now: now) { print(line) }
        }
        if failed { throw ExitCode(2) }
    }
}
