import ArgumentParser
import BalancerAdapters
import Foundation

/// The `postmoterm` command: a terminal incident-response console.
@main
struct Postmoterm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmoterm",
        abstract: "A terminal incident-response console: playbooks, live load-balancer health, a durable timeline, postmortem drafts.",
        discussion: """
            Start with `postmoterm demo` to see the whole product on a local HAProxy.
            During an incident: `postmoterm open playbooks/api-outage-load-balancer.md --balancer /run/haproxy/admin.sock`.
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, OpenCommand.self,
            StartCommand.self, UseCommand.self, LogCommand.self, MitigateCommand.self, ResolveCommand.self,
            ListCommand.self, StatsCommand.self, TimelineCommand.self, ExportCommand.self, TeamCommand.self,
            HealthCommand.self, AlertsCommand.self,
            DemoCommand.self,
        ]
    )

    /// Runs the command line, with one change to ArgumentParser's conventions: a usage error
    /// (unknown option, missing argument) exits 2, as Unix tools and the `check` contract expect,
    /// instead of sysexits' 64.
    static func main() async {
        CommandLinePasswords.hideInProcessArguments()
        do {
            var command = try parseAsRoot()
            // Before the console's threads (and Swift's cooperative pool) first allocate.
            if command is OpenCommand || command is DemoCommand { MallocArenas.shareOne() }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            TeamSession.finishActive()
        } catch {
            TeamSession.finishActive()
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exitProcess(2)
            }
            exit(withError: error)
        }
    }
}

/// The C library's `exit`, reachable from inside `ParsableCommand` types whose static
/// `exit(withError:)` shadows it.
private func exitProcess(_ code: Int32) -> Never {
    exit(code)
}
