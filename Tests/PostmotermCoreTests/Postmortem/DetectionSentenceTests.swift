import Foundation
import Testing

@testable import PostmotermCore

/// The draft's Detection paragraph when the first look at the balancer came within the second
/// the incident was started (`start` then `open` at once): no "(0 s later)".
@Suite struct DetectionSentenceTests {
    @Test func aFirstLookWithinTheStartsSecondIsTheStart() throws {
        let clock = ManualClock(CraftedIncident.at(16, 0))
        let store = InMemoryIncidentStore(clock: clock)
        let id = try store.createIncident(IncidentDraft(title: "API errors", author: CraftedIncident.alice)).id
        clock.advance(milliseconds: 300)
        _ = try store.append(
            CraftedIncident.observation(
                "api/api-2 weight is 10, configured 1, at first look", finding: FindingKind.weightAtFirstLook.rawValue,
                instance: "api-2", ["from": "1", "to": "10"]),
            to: id)
        let markdown = PostmortemExporter.markdown(
            PostmortemInput(incident: try store.incident(id), events: try store.events(of: id), followUps: [], generatedAt: clock.now()))
        #expect(!markdown.contains("(0 s later)"), "\(markdown)")
        #expect(markdown.contains(
            "The incident was started at 16:00:00 UTC; nothing watched the balancer before then. Its first anomaly was recorded at 16:00:00 UTC (“api/api-2 weight is 10, configured 1, at first look”), already standing at that first look: it began before the incident was started, or within its first second."
        ), "\(markdown)")
    }
}
