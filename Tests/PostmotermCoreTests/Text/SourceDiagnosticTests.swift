import Testing
@testable import PostmotermCore

@Suite struct SourceDiagnosticTests {
    @Test func printsInTheCompilersShape() {
        let diagnostic = SourceDiagnostic.error("duplicate role id 'ops'", path: "playbooks/a.md", line: 12, column: 3)
        #expect(diagnostic.description == "playbooks/a.md:12:3: error: duplicate role id 'ops'")
        #expect(SourceDiagnostic.warning("w", path: "p", line: 1).description == "p:1:1: warning: w")
    }

    @Test func escapesControlCharactersFromTheFile() {
        let diagnostic = SourceDiagnostic.error("undefined role '\u{1B}[31mops'", path: "a\u{7}.md", line: 1, column: 1)
        #expect(diagnostic.description == "a^G.md:1:1: error: undefined role '^[[31mops'")
    }

    @Test func positionsStartAtOne() {
        let diagnostic = SourceDiagnostic.error("x", path: "p", line: 0, column: -4)
        #expect(diagnostic.line == 1)
        #expect(diagnostic.column == 1)
    }
}
