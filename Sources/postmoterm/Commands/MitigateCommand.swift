import ArgumentParser
import PostmotermCore

/// `postmoterm mitigate [--incident ID] [--at TIME]`.
struct MitigateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mitigate",
        abstract: "Mark an incident mitigated (the impact has stopped; the cause may remain).")

    @OptionGroup var selection: IncidentSelection
    @OptionGroup var time: TimeOption
    @OptionGroup var who: AuthorOptions
    @OptionGroup var storage: DataDirectoryOptions

    func run() throws {
        try StatusChange(status: .mitigated, selection: selection, time: time, who: who, storage: storage).run()
    }
}
