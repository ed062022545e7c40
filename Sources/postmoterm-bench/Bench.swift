import ArgumentParser

/// Release-build benchmarks: `swift run -c release postmoterm-bench --help`.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmoterm-bench",
        abstract: "Measures postmoterm's performance budgets (run in a release build).",
        subcommands: [StoreBench.self, PlaybookBench.self, PollBench.self, ConsoleBench.self, SoakBench.self, RenderBench.self, HealthBench.self, HistoryBench.self, AlertsBench.self, TeamBench.self]
    )
}
