import Foundation
import PostmotermCore

extension Painter {
    /// The team store's state on the header's second row (`team ✓`, `team: 3 to send,
    /// unreachable 40s`), green when in sync, amber otherwise; nil when the console is local only.
    func teamText() -> (String, CellStyle)? {
        guard let team = state.team else { return nil }
        let text = safe(team.headerText(now: Timestamp(state.now)))
        return (DisplayWidth.truncate(text, to: 48), team.isInSync ? .good : .warning)
    }
}
