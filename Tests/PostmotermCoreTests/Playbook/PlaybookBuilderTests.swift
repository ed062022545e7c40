import Testing
@testable import PostmotermCore

/// The builder on hand-made block trees (the markdown adapter's tests cover real markdown).
@Suite struct PlaybookBuilderTests {
    private let p = SourcePosition.start

    private func at(_ line: Int, _ column: Int = 1) -> SourcePosition { SourcePosition(line: line, column: column) }

    private func build(_ blocks: [MarkdownBlock], frontMatter: [FrontMatterEntry] = []) -> Playbook {
        PlaybookBuilder(path: "t.md").build(
            document: MarkdownDocument(blocks: blocks), frontMatter: frontMatter,
            hasFrontMatter: !frontMatter.isEmpty, digest: "d"
        )
    }

    @Test func taskItemWithOwnerTagBecomesAnOwnedStep() throws {
        let playbook = build([
            .heading(level: 2, [.text("Roles")], at(1)),
            .list(MarkdownList(isOrdered: false, items: [
                MarkdownListItem(task: nil, blocks: [.paragraph([.strong([.text("ops")], at(2, 3)), .text(" — Operations: runs changes")], at(2, 3))], position: at(2)),
            ], position: at(2))),
            .heading(level: 2, [.text("Mitigate")], at(4)),
            .list(MarkdownList(isOrdered: false, items: [
                MarkdownListItem(task: .unchecked, blocks: [
                    .paragraph([.strong([.text("[ops]")], at(5, 7)), .text(" Drain "), .code("api-2", at(5, 22))], at(5, 7)),
                    .paragraph([.text("Details here.")], at(7, 3)),
                    .codeBlock(info: "sh", literal: "echo hi\n", at(9, 3)),
                ], position: at(5)),
            ], position: at(5))),
        ])
        #expect(playbook.roles == [PlaybookRole(id: "ops", name: "Operations", responsibilities: "runs changes", line: 2)])
        let step = try #require(playbook.allSteps.first)
        #expect(step.id == "mitigate.drain-api-2")
        #expect(step.role == "ops")
        #expect(step.text == "Drain `api-2`")
        #expect(step.details == "Details here.")
        #expect(step.commands == [
            StepCommand(text: "api-2", language: nil, line: 5, isBlock: false),
            StepCommand(text: "echo hi", language: "sh", line: 9, isBlock: true),
        ])
        #expect(step.kind == .task)
        #expect(playbook.diagnostics.isEmpty)
    }

    @Test func frontMatterFillsMetadataAndKeepsUnknownKeys() {
        let playbook = build([.paragraph([.text("Do it.")], at(6))], frontMatter: [
            FrontMatterEntry(key: "title", value: .string("T"), position: at(2)),
            FrontMatterEntry(key: "severity", value: .string("SEV-2"), position: at(3)),
            FrontMatterEntry(key: "services", value: .string("api"), position: at(4)),
            FrontMatterEntry(key: "weight", value: .integer(20), position: at(5)),
        ])
        #expect(playbook.title == "T")
        #expect(playbook.metadata.severity == "SEV-2")
        #expect(playbook.metadata.services == ["api"])
        #expect(playbook.metadata.extra == [MetadataPair(key: "weight", value: .integer(20))])
        #expect(playbook.allSteps.map(\.text) == ["Do it."])
    }

    @Test func badMetadataTypesWarnAtTheKey() throws {
        let playbook = build([.paragraph([.text("Do it.")], at(5))], frontMatter: [
            FrontMatterEntry(key: "services", value: .map([MetadataPair(key: "a", value: .bool(true))]), position: at(3, 1)),
        ])
        let diagnostic = try #require(playbook.diagnostics.first)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("'services'"))
    }

    @Test func titleFallsBackToTheFileName() {
        #expect(build([.paragraph([.text("x")], p)]).title == "t")
        #expect(PlaybookBuilder.fileStem("a/b/api-outage.md") == "api-outage")
        #expect(PlaybookBuilder.fileStem(".hidden") == ".hidden")
    }
}
