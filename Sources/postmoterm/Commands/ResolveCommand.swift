import ArgumentParser
import PostmotermCore

/// `postmoterm resolve [--incident ID] [--at TIME] [TEXT]`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Mark an incident resolved.")

    @OptionGroup var selection: IncidentSelection
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions
    @Argument(help: ArgumentHelp(
        "What fixed it, recorded as a note at the same time (several words are joined with spaces)." ,
        valueName: "text"))
    var text: [String] = []

    func run() throws {
        try StatusChange(status: .resolved, selection: selection, time: time, who: who, storage: storage, note: text).run()
    }
}
