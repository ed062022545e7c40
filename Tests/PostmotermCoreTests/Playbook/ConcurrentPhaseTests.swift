import Testing
@testable import PostmotermCore

/// Phases of a large playbook are drafted concurrently and added in document order: the
/// playbook (ids, their `-2` suffixes, explicit-id errors, owner-tag errors, their order) is
/// the one a build phase after phase gives.
@Suite struct ConcurrentPhaseTests {
    private func at(_ line: Int, _ column: Int = 1) -> SourcePosition { SourcePosition(line: line, column: column) }

    /// Sections in this order: Roles, then `phases` phases (some titled alike), a Follow-up
    /// between them, each phase with `steps` task items whose texts repeat across phases, some
    /// with explicit ids that collide with generated ids before and after them, duplicate and
    /// invalid explicit ids, and owner tags to an undefined role.
    private func document(phases: Int, steps: Int, explicitIDs: Bool = true) -> MarkdownDocument {
        var line = 1
        func next() -> SourcePosition {
            line += 1
            return at(line)
        }
        var blocks: [MarkdownBlock] = [.heading(level: 1, [.text("Big")], next())]
        blocks.append(.heading(level: 2, [.text("Roles")], next()))
        let rolePosition = next()
        blocks.append(.list(MarkdownList(isOrdered: false, items: [
            MarkdownListItem(task: nil, blocks: [.paragraph([.strong([.text("ops")], rolePosition), .text(" — Operations: runs changes")], rolePosition)], position: rolePosition),
        ], position: rolePosition)))
        for phase in 0..<phases {
            if phase == phases / 2 {
                blocks.append(.heading(level: 2, [.text("Follow-up")], next()))
                let position = next()
                blocks.append(.list(MarkdownList(isOrdered: false, items: [
                    MarkdownListItem(task: .unchecked, blocks: [.paragraph([.strong([.text("[nobody]")], position), .text(" Review")], position)], position: position),
                ], position: position)))
            }
            // "Phase 0", "Phase 1", "Phase 0" again…: phase ids get suffixes too.
            blocks.append(.heading(level: 2, [.text("Phase \(phase % (phases - 2))")], next()))
            var items: [MarkdownListItem] = []
            let listPosition = at(line + 1)
            for step in 0..<steps {
                let position = next()
                var inlines: [MarkdownInline] = [
                    .strong([.text(step % 5 == 0 ? "[ghost]" : "[ops]")], position),
                    .text(" Drain api \(step % (steps / 3))"),
                ]
                switch explicitIDs ? (phase, step) : (-1, -1) {
                case (1, 1): inlines.append(.html("<!-- id: phase-0.drain-api-2 -->"))  // an earlier generated id
                case (1, 2): inlines.append(.html("<!-- id: phase-3.drain-api-4 -->"))  // a later generated id
                case (2, 3): inlines.append(.html("<!-- id: custom.one -->"))
                case (4, 4): inlines.append(.html("<!-- id: custom.one -->"))  // duplicate explicit id
                case (3, 5): inlines.append(.html("<!-- id: not valid! -->"))
                default: break
                }
                items.append(MarkdownListItem(task: .unchecked, blocks: [.paragraph(inlines, position)], position: position))
                if step % 7 == 0 {
                    items[items.count - 1].blocks.append(.codeBlock(info: "sh", literal: "echo \(step)\n", next()))
                }
            }
            blocks.append(.list(MarkdownList(isOrdered: false, items: items, position: listPosition)))
        }
        return MarkdownDocument(blocks: blocks)
    }

    private func build(_ document: MarkdownDocument, concurrentFrom stepCount: Int) -> Playbook {
        var builder = PlaybookBuilder(path: "big.md")
        builder.concurrentStepCount = stepCount
        return builder.build(document: document, frontMatter: [], hasFrontMatter: false, digest: "d")
    }

    @Test func concurrentDraftsGiveThePhaseAfterPhasePlaybook() {
        let document = document(phases: 8, steps: 60)
        let serial = build(document, concurrentFrom: .max)
        let concurrent = build(document, concurrentFrom: 0)
        #expect(concurrent == serial)
        #expect(concurrent.diagnostics.map(\.description) == serial.diagnostics.map(\.description))

        // The document really exercises what could differ.
        let ids = serial.allSteps.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("phase-0-2.drain-api-2-2"))
        // Reserved by an explicit id in phase 1, so phase 3's three "Drain api 4" steps
        // count on from -2.
        #expect(ids.contains("phase-3.drain-api-4"))
        #expect(ids.contains("phase-3.drain-api-4-4"))
        #expect(ids.contains("custom.one"))
        let messages = serial.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("'phase-0.drain-api-2' is already the generated id of an earlier step") })
        #expect(messages.contains { $0.contains("duplicate step id 'custom.one'") })
        #expect(messages.contains { $0.contains("step id 'not valid!'") })
        #expect(messages.contains { $0.contains("undefined role 'ghost'") })
        #expect(messages.contains { $0.contains("undefined role 'nobody'") })
    }

    /// Without explicit ids each phase claims its own ids while it is drafted: the same ids
    /// (suffixes within a phase, phases with the same title) as claims over the whole playbook.
    @Test func phasesWithoutExplicitIDsClaimTheirOwn() {
        let document = document(phases: 8, steps: 60, explicitIDs: false)
        let serial = build(document, concurrentFrom: .max)
        let concurrent = build(document, concurrentFrom: 0)
        #expect(concurrent == serial)
        let ids = serial.allSteps.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("phase-0.drain-api-4-3"))
        #expect(ids.contains("phase-0-2.drain-api-4-3"))
        #expect(!serial.diagnostics.isEmpty)
        // Drafted with claims: every draft kept its ids.
        let outline = DocumentOutline(blocks: document.blocks)
        let phases = outline.sections.indices.filter { SectionKind(title: outline.sections[$0].title) == .phase }
        let drafts = PlaybookBuilder.draftConcurrently(phases.map { (index: $0, id: "p\($0)") }, of: outline.sections, path: "big.md")
        #expect(drafts.count == phases.count)
        #expect(drafts.values.filter(\.idsClaimed).count == phases.count)
        let draftedIDs = drafts.values.flatMap { $0.phase.steps.map(\.id) }
        #expect(draftedIDs.count == 8 * 60)
        #expect(!draftedIDs.contains(""))
    }

    /// The default threshold: the big document is drafted concurrently, a small one is not
    /// (both give the same playbook either way, as above).
    @Test func onlyLargePlaybooksAreDraftedConcurrently() {
        #expect(PlaybookBuilder.estimatedStepCount(document(phases: 8, steps: 300).blocks) >= PlaybookBuilder.defaultConcurrentStepCount)
        #expect(PlaybookBuilder.estimatedStepCount(document(phases: 3, steps: 10).blocks) < PlaybookBuilder.defaultConcurrentStepCount)
        let large = document(phases: 8, steps: 300)
        #expect(build(large, concurrentFrom: PlaybookBuilder.defaultConcurrentStepCount) == build(large, concurrentFrom: .max))
    }
}
