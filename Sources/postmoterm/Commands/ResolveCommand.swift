import ArgumentParser
import PostmotermCore

/// `postmoterm resolve [--incident ID] [--at TIME]`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Mark an incident resolved.")

    @OptionGroup var selection: IncidentSelection
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        try StatusChange(status: .resolved, selection: selection, time: time, who: who, storage: storage).run()
    }
}
