import Foundation
import PostmotermCore

/// The demo's clock for the incident log: real time mapped onto the story's time
/// (``DemoTiming/storyTime(of:runStartedAt:storyDuration:)``), so a run at `--speed 10` leaves a
/// timeline spaced as the story is at speed 1, ending now.
struct DemoStoryClock: Sendable {
    let timing: DemoTiming
    let runStartedAt: Timestamp
    let storyDuration: Double

    init(timing: DemoTiming, storyDuration: Double, runStartedAt: Timestamp = Timestamp(Date())) {
        self.timing = timing
        self.runStartedAt = runStartedAt
        self.storyDuration = storyDuration
    }

    /// The story time of real time `real` (default: now).
    func storyTime(_ real: Timestamp = Timestamp(Date())) -> Timestamp {
        timing.storyTime(of: real, runStartedAt: runStartedAt, storyDuration: storyDuration)
    }

    /// What to write as an event's `happenedAt`: nil at speed 1 (the story is real time, the
    /// store's own stamp is right), the story time otherwise.
    func happenedAt(_ real: Timestamp = Timestamp(Date())) -> Timestamp? {
        timing.speed == 1 ? nil : storyTime(real)
    }

    /// An alert event (``AlertTransitions``) put on the story's clock: its `happenedAt` and its
    /// `startsAt`/`endsAt` data alike, so that at `--speed 10` the alert's own times agree with
    /// the rest of the record (the milestones read `happenedAt`, the JSON export the data too).
    func storyAlert(_ draft: EventDraft) -> EventDraft {
        var draft = draft
        draft.happenedAt = draft.happenedAt.map { storyTime($0) }
        for key in ["startsAt", "endsAt"] {
            if let text = draft.data[key], let time = TimeParser.parseISO8601(text) { draft.data[key] = storyTime(time).iso8601 }
        }
        return draft
    }

    /// Story seconds since the start, for the printed timeline (`+1:05`).
    func storyOffset(_ real: Timestamp = Timestamp(Date())) -> String {
        let seconds = max(0, Int(Double(real.milliseconds(since: runStartedAt)) / 1000 * timing.speed))
        return String(format: "+%d:%02d", seconds / 60, seconds % 60)
    }
}
