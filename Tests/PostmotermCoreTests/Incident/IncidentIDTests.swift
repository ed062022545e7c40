import Testing

@testable import PostmotermCore

@Suite struct IncidentIDTests {
    let start = UTCDateTime(year: 2026, month: 11, day: 25, hour: 14, minute: 30).timestamp

    @Test func baseIsDateAndTitleSlug() {
        #expect(IncidentID.base(title: "API outage", startedAt: start).rawValue == "2026-11-25-api-outage")
        #expect(IncidentID.base(title: "  5xx spike on /v2/orders!! ", startedAt: start).rawValue == "2026-11-25-5xx-spike-on-v2-orders")
        #expect(IncidentID.base(title: "Störung", startedAt: start).rawValue == "2026-11-25-storung")
        #expect(IncidentID.base(title: "!!!", startedAt: start).rawValue == "2026-11-25-incident")
    }

    @Test func longTitlesAreCutAtAWordBoundary() {
        let id = IncidentID.base(title: "the payment gateway times out for customers in the eu region", startedAt: start)
        #expect(id.rawValue == "2026-11-25-the-payment-gateway-times-out-for")
        #expect(id.rawValue.count <= IncidentID.maximumLength)
        #expect(IncidentID(rawValue: id.rawValue) == id)
    }

    @Test func uniqueSuffixesTakenIDs() {
        let base = IncidentID.base(title: "API outage", startedAt: start)
        let taken: Set<String> = ["2026-11-25-api-outage", "2026-11-25-api-outage-2"]
        #expect(IncidentID.unique(base: base) { taken.contains($0.rawValue) }.rawValue == "2026-11-25-api-outage-3")
        #expect(IncidentID.unique(base: base) { _ in false } == base)
    }

    @Test func typedIDsAreNormalizedOrRejected() {
        #expect(IncidentID(rawValue: " 2026-11-25-API-Outage ")?.rawValue == "2026-11-25-api-outage")
        #expect(IncidentID(rawValue: "") == nil)
        #expect(IncidentID(rawValue: "a/b") == nil)
        #expect(IncidentID(rawValue: "x'; drop table") == nil)
        #expect(IncidentID(rawValue: String(repeating: "a", count: 65)) == nil)
    }
}
