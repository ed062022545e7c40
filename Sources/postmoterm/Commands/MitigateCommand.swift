import ArgumentParser
import PostmotermCore

/// `postmoterm mitigate [--incident ID] [--at TIME] [TEXT]`.
struct MitigateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mitigate",
        abstract: "Mark an incident mitigated (the impact has stopped; the cause may remain).")

    @OptionGroup var selection: IncidentSelection
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions
    @Argument(help: ArgumentHelp(
        "What stopped the impact it, recorded as a note at the same time (several words are joined with spaces)." ,
        valueName: "text"))
    var text: [String] = []

    func run() throws {
        try StatusChange(status: .mitigated, selection: selection, time: time, who: who, storage: storage, note: text).run()
    }
}
