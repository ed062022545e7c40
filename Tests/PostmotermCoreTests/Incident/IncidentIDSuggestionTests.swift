import Testing

@testable import PostmotermCore

/// A mistyped incident id at 3 am: the refusal names the one it most likely meant.
@Suite struct IncidentIDSuggestionTests {
    let ids = ["2026-12-07-api-errors", "2026-12-07-db-slow", "2026-12-06-api-errors"].compactMap(IncidentID.init(rawValue:))

    @Test func theOneCloseIdIsSuggested() {
        #expect(IncidentIDSuggestion.nearest(to: "2026-12-07-api-erors", among: ids)?.rawValue == "2026-12-07-api-errors")
        #expect(IncidentIDSuggestion.nearest(to: "2026-12-07-API-ERRORS", among: ids)?.rawValue == "2026-12-07-api-errors")
        #expect(IncidentIDSuggestion.nearest(to: "2026-12-07-db-slo", among: ids)?.rawValue == "2026-12-07-db-slow")
    }

    @Test func nothingFarOrAmbiguousIsSuggested() {
        #expect(IncidentIDSuggestion.nearest(to: "api", among: ids) == nil)
        #expect(IncidentIDSuggestion.nearest(to: "2026-12-0x-api-errors", among: ids) == nil, "two ids one edit away")
        #expect(IncidentIDSuggestion.nearest(to: "", among: ids) == nil)
        #expect(IncidentIDSuggestion.nearest(to: "x", among: []) == nil)
    }

    @Test func editDistanceCountsEdits() {
        #expect(IncidentIDSuggestion.editDistance(Array("kitten"), Array("sitting"), limit: 5) == 3)
        #expect(IncidentIDSuggestion.editDistance(Array(""), Array("ab"), limit: 5) == 2)
        #expect(IncidentIDSuggestion.editDistance(Array("ab"), Array(""), limit: 5) == 2)
        #expect(IncidentIDSuggestion.editDistance(Array("abcdefgh"), Array("zzzzzzzz"), limit: 2) == 3)
    }
}
