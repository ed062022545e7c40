import Testing
@testable import PostmotermCore

@Suite struct SlugTests {
    @Test func lowercasesAndJoinsWordsWithHyphens() {
        #expect(Slug.make("Drain **api-2** in HAProxy!", fallback: "x") == "drain-api-2-in-haproxy")
        #expect(Slug.make("  Follow-up  ", fallback: "x") == "follow-up")
        #expect(Slug.make("Zürich", fallback: "x") == "z-rich")
    }

    @Test func fallsBackWhenNothingIsLeft() {
        #expect(Slug.make("— ✓ —", fallback: "step") == "step")
    }

    @Test func cutsLongTextAtAWordBoundary() {
        let slug = Slug.make(String(repeating: "word ", count: 40), fallback: "x")
        #expect(slug.count <= Slug.maximumLength)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasSuffix("word"))
    }

    @Test func uniqueIdentifiersSuffixOnlyDuplicates() {
        var ids = UniqueIdentifiers()
        let claimed = [ids.claim("a"), ids.claim("a"), ids.claim("b"), ids.claim("a")]
        #expect(claimed == ["a", "a-2", "b", "a-3"])
        let reservedAgain = ids.reserve("b")
        #expect(!reservedAgain)
    }
}
