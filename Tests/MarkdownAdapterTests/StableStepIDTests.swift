import MarkdownAdapter
import PostmotermCore
import Testing

/// Step ids are what the console and the timeline refer to: they must survive edits elsewhere.
@Suite struct StableStepIDTests {
    static let original = """
        # Outage

        ## Triage

        - [ ] Read the stats.
        - [ ] Compare the weights.
        - [ ] Find the change.

        ## Mitigate

        - [ ] Drain api-2.
        - [ ] Reset the weight.
        """

    private func ids(_ markdown: String) throws -> [String] {
        try playbook(markdown).allSteps.map(\.id)
    }

    @Test func idsAreReadableSlugs() throws {
        #expect(try ids(Self.original) == [
            "triage.read-the-stats", "triage.compare-the-weights", "triage.find-the-change",
            "mitigate.drain-api-2", "mitigate.reset-the-weight",
        ])
    }

    @Test func editingOneStepDoesNotRenumberTheOthers() throws {
        let before = try ids(Self.original)
        let after = try ids(Self.original.replacingOccurrences(of: "Compare the weights.", with: "Compare current and initial weights (`get weight`)."))
        #expect(after.count == before.count)
        for index in before.indices where index != 1 {
            #expect(after[index] == before[index])
        }
        #expect(after[1] != before[1])
    }

    @Test func insertingOrRemovingAStepKeepsTheOthers() throws {
        let before = Set(try ids(Self.original))
        let inserted = try ids(Self.original.replacingOccurrences(of: "- [ ] Read the stats.\n", with: "- [ ] Open the channel.\n- [ ] Read the stats.\n"))
        #expect(before.isSubset(of: Set(inserted)))
        let removed = try ids(Self.original.replacingOccurrences(of: "- [ ] Compare the weights.\n", with: ""))
        #expect(Set(removed) == before.subtracting(["triage.compare-the-weights"]))
    }

    @Test func ownerAndCheckboxDoNotChangeTheID() throws {
        let tagged = """
            ## Roles

            - **ops** — Operations: runs changes.

            ## Triage

            - [x] **[ops]** Read the stats.
            """
        #expect(try ids(tagged) == ["triage.read-the-stats"])
    }

    @Test func duplicateTextsGetSuffixes() throws {
        #expect(try ids("## Check\n\n- Look.\n- Look.\n- Look.\n") == ["check.look", "check.look-2", "check.look-3"])
    }

    @Test func explicitIDComment() throws {
        let playbook = try playbook("## Mitigate\n\n- [ ] Drain the server. <!-- id: drain -->\n- [ ] Other.\n")
        #expect(playbook.allSteps.map(\.id) == ["drain", "mitigate.other"])
        #expect(playbook.allSteps[0].text == "Drain the server.")
    }

    @Test func duplicateExplicitIDIsAnError() throws {
        let result = load("## M\n\n- [ ] A <!-- id: x -->\n- [ ] B <!-- id: x -->\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "duplicate step id 'x' (first used on line 3)")
        #expect(diagnostic.line == 4)
    }
}
