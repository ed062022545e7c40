import Testing
@testable import PostmotermCore

@Suite struct FrontMatterSplitTests {
    @Test func findsFrontMatterAndKeepsBodyLines() {
        let text = "---\ntitle: X\nseverity: SEV-1\n---\n# X\n\n- [ ] step\n"
        guard case .found(let block, let body) = FrontMatterSplit(text: text) else {
            Issue.record("front matter not found")
            return
        }
        #expect(block.yaml == "title: X\nseverity: SEV-1")
        #expect(block.firstLine == 2)
        #expect(block.closingLine == 4)
        let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(bodyLines[4] == "# X")
        #expect(bodyLines[6] == "- [ ] step")
        let fenceLinesAreBlank = bodyLines[0...3].allSatisfy { $0.isEmpty }
        #expect(fenceLinesAreBlank)
    }

    @Test func acceptsCRLFAndDotsAsClosingFence() {
        guard case .found(let block, _) = FrontMatterSplit(text: "---\r\ntitle: X\r\n...\r\nbody\r\n") else {
            Issue.record("front matter not found")
            return
        }
        #expect(block.closingLine == 3)
    }

    @Test func noFrontMatterWhenLineOneIsNotAFence() {
        #expect(FrontMatterSplit(text: "# Title\n---\n") == .none(body: "# Title\n---\n"))
        #expect(FrontMatterSplit(text: "\n---\ntitle: x\n---\n") == .none(body: "\n---\ntitle: x\n---\n"))
    }

    @Test func unterminated() {
        #expect(FrontMatterSplit(text: "---\ntitle: X\n# body\n") == .unterminated(body: "---\ntitle: X\n# body\n"))
    }
}
