import Console
import CursesBackend
import Foundation

/// Shows an ``IncidentPicker`` on the terminal until the responder chooses: keys go through its
/// reducer, each state is drawn with ``IncidentPickerRenderer``. Nothing keeps running afterwards
/// (see ``SingleWake``), so the console can start its own input watcher next.
enum IncidentPickerRuntime {
    /// How the question ended: the choice, or the signal that ended it.
    enum Ending: Sendable, Hashable {
        case chose(IncidentPicker.Outcome)
        case signal(Int32)
    }

    static func run(_ picker: IncidentPicker, terminal: CursesTerminal) async -> Ending {
        var state = picker
        state.size = await terminal.size()
        _ = await terminal.draw(IncidentPickerRenderer.render(state, size: state.size))
        while true {
            switch await SingleWake.next() {
            case .input:
                for input in await terminal.readInput() {
                    switch input {
                    case .key(let key): state = IncidentPicker.reduce(state, key)
                    case .resize(let size): state.size = size
                    }
                }
            case .resize:
                state.size = await terminal.refreshSize()
            case .stop(let signal):
                return .signal(signal)
            }
            if let outcome = state.outcome { return .chose(outcome) }
            _ = await terminal.draw(IncidentPickerRenderer.render(state, size: state.size))
        }
    }
}
