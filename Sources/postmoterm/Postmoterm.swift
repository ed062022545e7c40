import ArgumentParser

/// The `postmoterm` command: a terminal incident-response console.
@main
struct Postmoterm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmoterm",
        abstract: "A terminal incident-response console: playbooks, live load-balancer health, a durable timeline, postmortem drafts.",
        discussion: """
            Start with `postmoterm demo` to see the whole product on a local HAProxy.
            During an incident: `postmoterm open playbooks/api-outage.md --balancer /run/haproxy/admin.sock`.
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, OpenCommand.self,
            StartCommand.self, LogCommand.self, MitigateCommand.self, ResolveCommand.self,
            ListCommand.self, TimelineCommand.self, ExportCommand.self,
            HealthCommand.self,
            DemoCommand.self,
        ]
    )
}
