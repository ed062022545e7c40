import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// Issue 18.3: inputs that made cmark-gfm, Yams or the step-id claim take unbounded time or
/// memory are refused (with the file and line) or handled in linear time. Their time and memory
/// are asserted in a subprocess with limits (`PlaybookBudgetTests` in EndToEndTests).
@Suite struct PathologicalPlaybookTests {
    static func table(columns: Int, rows: Int, rowText: String = "|x|") -> String {
        let header = "|" + Array(repeating: "h", count: columns).joined(separator: "|") + "|\n"
        let delimiter = "|" + Array(repeating: "-", count: columns).joined(separator: "|") + "|\n"
        return "## Mitigate\n\n- [ ] Drain api-2.\n\n" + header + delimiter + String(repeating: rowText + "\n", count: rows)
    }

    @Test func aTableTooWideIsRefusedAtItsHeaderLine() throws {
        let result = load(Self.table(columns: 10_000, rows: 5_000), path: "wide.md")
        #expect(result.playbook == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.description == "wide.md:5:1: error: table too wide: 10000 columns (at most 256)")
    }

    @Test func tooManyCellsPaddedOrWrittenOutAreRefused() throws {
        let padded = load(Self.table(columns: 256, rows: 400), path: "padded.md")
        #expect(padded.playbook == nil)
        #expect(padded.diagnostics.first?.message.hasPrefix("table too large") == true)
        #expect(padded.diagnostics.first?.line == 5)
        let fullRow = "|" + Array(repeating: "x", count: 256).joined(separator: "|") + "|"
        let full = load(Self.table(columns: 256, rows: 400, rowText: fullRow), path: "full.md")
        #expect(full.diagnostics.first?.message.hasPrefix("table too large") == true)
        let within = load(Self.table(columns: 256, rows: 300, rowText: fullRow), path: "within.md")
        #expect(within.playbook != nil && !within.hasErrors, "\(within.diagnostics)")
        let small = load(Self.table(columns: 3, rows: 10), path: "small.md")
        #expect(small.playbook?.phases.first?.steps.count == 1)
    }

    @Test func aYAMLAliasBombIsRefusedBeforeYamsExpandsIt() throws {
        let path = packageRoot.appendingPathComponent("Tests/PathologicalPlaybooks/alias-bomb.md").path
        let result = PlaybookLoader.load(path: path)
        #expect(result.playbook == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message.contains("more than 32 YAML aliases"))
        #expect(diagnostic.line == 6)
        // A few aliases are fine.
        let few = try playbook("---\nbase: &b [api, db]\nservices: *b\n---\n## Fix\n\n- [ ] Restart.\n")
        #expect(few.metadata.services == ["api", "db"])
        // A star inside quotes or a comment is not an alias.
        let quoted = String(repeating: "note: \"*a *b *c\" # *d *e\n", count: 1).appending(
            (0..<40).map { "k\($0): '*x'\n" }.joined())
        #expect(load("---\n" + quoted + "---\n## Fix\n\n- [ ] Restart.\n").diagnostics.allSatisfy { !$0.message.contains("aliases") })
    }

    @Test func markdownTooDenseInStructureIsRefusedAtTheLineOverTheLimit() throws {
        let items = load("## Fix\n\n" + String(repeating: "- [ ] x\n", count: MarkdownDensityLimits.maximumBlockMarks + 10), path: "items.md")
        #expect(items.playbook == nil)
        #expect(items.diagnostics.first?.description.hasPrefix("items.md:\(MarkdownDensityLimits.maximumBlockMarks + 3):1: error: too many list items and quotes") == true)
        let quotes = load("## Fix\n\n- [ ] x\n\n" + String(repeating: "> ", count: MarkdownDensityLimits.maximumBlockMarks + 1) + "y\n", path: "q.md")
        #expect(quotes.diagnostics.first?.line == 5)
        let emphasis = load("## Fix\n\n- [ ] " + String(repeating: "*a ", count: MarkdownDensityLimits.maximumInlineMarks + 1), path: "e.md")
        #expect(emphasis.diagnostics.first?.message.hasPrefix("too many emphasis, link and code marks") == true)
        // Thematic breaks, numbers and dashes inside text are not marks.
        let prose = try playbook("## Fix\n\n- [ ] Restart api-2 - then wait.\n\n---\n\n2026 was a year.\n")
        #expect(prose.allSteps.count == 1)
    }

    @Test func identicalStepTextsGetSuffixesInOrder() throws {
        let steps = String(repeating: "- [ ] Restart the api.\n", count: 2_000)
        let loaded = try playbook("## Fix\n\n- [ ] Pinned. <!-- id: fix.restart-the-api-3 -->\n" + steps)
        let ids = loaded.allSteps.map(\.id)
        #expect(ids.count == 2_001)
        #expect(Set(ids).count == ids.count)
        #expect(ids[1] == "fix.restart-the-api")
        #expect(ids[2] == "fix.restart-the-api-2")
        #expect(ids[3] == "fix.restart-the-api-4")
        #expect(ids.last == "fix.restart-the-api-2001")
    }
}
