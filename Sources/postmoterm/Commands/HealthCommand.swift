import ArgumentParser
import BalancerAdapters
import Foundation
import PostmotermCore

/// `postmoterm health --balancer ADDR... [--json] [--watch] [--interval SECONDS] [--auth-file FILE]`:
/// polls balancers and prints their instances worst first, with what was detected.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show live load-balancer health: instances, weights and traffic shares, breakers, findings.",
        discussion: """
            ADDR is one of:
              haproxy+unix:///run/haproxy/admin.sock   HAProxy runtime API (a bare socket path works too)
              haproxy+tcp://HOST:PORT                  runtime API on TCP
              haproxy+http(s)://HOST:PORT/PATH         stats page read as CSV (basic auth)
              envoy+http://HOST:PORT                   Envoy admin (/clusters, /stats)

            Credentials for HTTP sources: user:password@ in the address, else --auth-file FILE \
            (one line user:password), else $POSTMOTERM_BALANCER_AUTH. They are never printed. \
            Prefer --auth-file or the variable: a password in the address is readable by every \
            local user in `ps` (postmoterm warns, and blanks it from its arguments once started).

            Without --watch, health takes two samples --interval seconds apart (default 1) so \
            request and 5xx rates can be computed, prints the table and the findings, and exits: \
            0 when every balancer answered, 2 when one did not (stderr says which and why).
            With --watch it refreshes every --interval seconds (default 2) until interrupted.

            Markers (they read without colour): `!!` needs attention now (down, breaker OPEN, \
            5xx over 5%), `!` watch it (SKEW: share of the pool's traffic weight far above the \
            fair share; half-open breaker; status in transition), `-` drained or in maintenance.

            Examples:
              postmoterm health --balancer /run/haproxy/admin.sock
              postmoterm health --balancer haproxy+https://lb1:8404/stats --auth-file ~/.lb-auth --watch
              postmoterm health --balancer /run/haproxy/admin.sock --balancer envoy+http://127.0.0.1:9901 --json
            """
    )

    @Option(name: .customLong("balancer"), help: ArgumentHelp("A balancer address (repeatable).", valueName: "addr"))
    var balancers: [String] = []

    @Flag(help: "Print the model and the findings as JSON (one object; one per line with --watch).")
    var json = false

    @Flag(help: "Refresh until interrupted.")
    var watch = false

    @Option(help: ArgumentHelp("Seconds between the two samples (default 1), or between refreshes with --watch (default 2).", valueName: "seconds"))
    var interval: Double?

    @Option(help: ArgumentHelp("Seconds to wait for each balancer's answer.", valueName: "seconds"))
    var timeout: Double = BalancerSourceLimits.defaultTimeout

    @Option(name: .customLong("auth-file"), help: ArgumentHelp("A file holding user:password for HTTP sources.", valueName: "file"))
    var authFile: String?

    func validate() throws {
        if balancers.isEmpty { throw ValidationError("give at least one --balancer ADDR") }
        if let interval, !(interval >= 0.1 && interval <= 3600) { throw ValidationError("--interval must be between 0.1 and 3600 seconds") }
        if !(timeout > 0 && timeout <= 60) { throw ValidationError("--timeout must be between 0 and 60 seconds") }
        for text in balancers {
            do { _ = try BalancerAddress.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        var addresses: [BalancerAddress] = []
        for text in balancers {
            do {
                let address = try BalancerAddress.parse(text)
                addresses.append(try BalancerCredentialsResolver.resolve(address, authFile: authFile))
            } catch let error as BalancerAddressError {
                throw ValidationError(error.description)
            } catch let error as BalancerCredentialsResolver.Failure {
                throw ValidationError(error.description)
            }
        }
        let period = interval ?? (watch ? 2 : 1)
        let poller = BalancerPoller(sources: addresses.map { BalancerSources.make($0) }, interval: period, timeout: timeout)
        if watch {
            try await watchLoop(poller, period: period)
        } else {
            try await once(poller, gap: period)
        }
    }

    private func once(_ poller: BalancerPoller, gap: Double) async throws {
        let first = await poller.pollOnce(force: true)
        try await Task.sleep(nanoseconds: UInt64(gap * 1e9))
        let second = await poller.pollOnce(force: true)
        let findings = first.findings + second.findings
        let views = second.sources.map { SourceView(source: $0.source, state: $0.state, snapshot: $0.snapshot) }
        if json {
            write(try Self.encode(HealthReport(sources: views, findings: findings)) + "\n")
        } else {
            write(HealthTable.render(sources: views, findings: findings))
        }
        let failed = second.sources.filter { !$0.state.isLive }
        if !failed.isEmpty {
            var message = ""
            for report in failed {
                message += "error: \(report.error?.description ?? "\(report.source): \(report.state.label)")\n"
            }
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(2)
        }
    }

    private func watchLoop(_ poller: BalancerPoller, period: Double) async throws {
        poller.start()
        defer { poller.stop() }
        let clearScreen = isatty(STDOUT_FILENO) == 1 && !json
        var recent: [Finding] = []
        for await update in poller.updates {
            let views = update.sources.map { SourceView(source: $0.source, state: $0.state, snapshot: $0.snapshot) }
            if json {
                write(try Self.encode(HealthReport(sources: views, findings: update.findings)) + "\n")
                continue
            }
            recent = Array((recent + update.findings).suffix(15))
            var screen = clearScreen ? "\u{1B}[H\u{1B}[2J" : ""
            screen += "postmoterm health — \(update.at.hourMinuteSecond) UTC, every \(period < 60 ? "\(period)s" : HealthTable.duration(period)) (Ctrl-C to stop)\n\n"
            var table = HealthTable.render(sources: views, findings: [])
            if table.hasSuffix("Findings: none\n") { table.removeLast("Findings: none\n".count) }
            screen += table
            screen += recent.isEmpty ? "Findings: none yet\n" : "Findings (latest \(recent.count)):\n"
            for finding in recent {
                screen += "\(finding.at.hourMinuteSecond) \(finding.severity.marker) \(finding.message)"
                    + (views.count > 1 ? "  [\(finding.source)]" : "") + "\n"
            }
            if !clearScreen { screen += "\n" }
            write(screen)
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func encode(_ report: HealthReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
