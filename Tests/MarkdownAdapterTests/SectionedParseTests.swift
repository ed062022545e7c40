import Foundation
import LoopbackLab
@testable import MarkdownAdapter
import PostmotermCore
import Testing

/// A large text is parsed in sections on several threads (``MarkdownSections``); the tree must
/// be the one a whole parse gives, block for block and position for position, or the reader
/// must notice it cannot be sure and parse whole.
@Suite struct SectionedParseTests {
    // MARK: Helpers

    /// The blocks of one whole parse.
    static func whole(_ text: String) -> [MarkdownBlock] {
        CmarkDocumentReader.parse(text, sectionCount: 1).blocks
    }

    /// The blocks of `text` parsed in sections cut at `cuts` (sections before a cut the reader
    /// cannot show to be harmless are parsed again with the next), or `nil` when it gives up
    /// and parses whole.
    static func sectioned(_ text: String, cuts: [Int]) -> [MarkdownBlock]? {
        var text = text
        return text.withUTF8 { bytes in
            let sections = MarkdownSections.sections(cuttingAt: cuts, in: bytes)
            return CmarkDocumentReader.parseConcurrently(bytes, sections: sections, alongside: nil)
        }
    }

    /// The sections parsed each on its own and put together without any check: what a
    /// careless split would give.
    static func naivelyJoined(_ text: String, cuts: [Int]) -> [MarkdownBlock] {
        var text = text
        return text.withUTF8 { bytes in
            MarkdownSections.sections(cuttingAt: cuts, in: bytes).flatMap {
                CmarkDocumentReader.parseSection(bytes[$0.range], lineOffset: $0.lineOffset).blocks
            }
        }
    }

    /// Whether the reader accepts the section before `cut` as ending outside any block that
    /// could take the heading line at `cut`.
    static func acceptsCut(_ text: String, at cut: Int) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let before = MarkdownSections.sections(cuttingAt: [cut], in: bytes)[0]
            return CmarkDocumentReader.parseSection(bytes[before.range], lineOffset: 0).endsOutsideOpenBlock
        }
    }

    /// Offsets of every `#` heading line at column 0 (the first line excepted).
    static func headingCuts(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { MarkdownSections.headingLineStarts($0) }
    }

    static func offset(of needle: String, in text: String) throws -> Int {
        let range = try #require(text.range(of: needle))
        return text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    }

    /// Cuts `text` at each heading line alone and at all of them together: every result is
    /// the whole parse (or a refusal). Returns how many cuts were accepted as they were.
    @discardableResult
    static func expectSameAsWhole(_ text: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let expected = whole(text)
        let cuts = headingCuts(text)
        var accepted = 0
        for cutSet in cuts.map({ [$0] }) + (cuts.count > 1 ? [cuts] : []) {
            guard let blocks = sectioned(text, cuts: cutSet) else { continue }
            #expect(blocks == expected, "cuts \(cutSet)\(comment.map { ": \($0)" } ?? "")", sourceLocation: sourceLocation)
        }
        for cut in cuts where acceptsCut(text, at: cut) { accepted += 1 }
        return accepted
    }

    // MARK: Real files

    /// Corpus runbooks and shipped playbooks: cut at every heading line, the tree is the whole
    /// parse's; and the reader's own choice of sections gives it too.
    @Test func corpusAndShippedPlaybooksParseAsWhole() throws {
        var files = CorpusTests.corpusFiles()
        let shipped = packageRoot.appendingPathComponent("playbooks").path
        files += PlaybookLoader.loadAll(paths: [shipped]).map(\.path)
        #expect(files.count > 10)
        var accepted = 0
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let body = FrontMatterSplit(text: text).body
            accepted += Self.expectSameAsWhole(body, "\(file)")
            for count in [2, 3, 8] {
                #expect(CmarkDocumentReader.parse(body, sectionCount: count).blocks == Self.whole(body), "\(file), \(count) sections")
            }
        }
        // The comparison above must really have run on sectioned parses.
        #expect(accepted > 50)
    }

    /// The benchmark's 10,000-step playbook is cut (not parsed whole), into the sections the
    /// reader picks for its size, and its tree is the whole parse's.
    @Test func generatedPlaybookIsCutAndParsesAsWhole() throws {
        let text = GeneratedPlaybook.text(steps: 10_000)
        let body = FrontMatterSplit(text: text).body
        let count = CmarkDocumentReader.sectionCount(byteCount: body.utf8.count)
        #expect(count >= 16)
        var copy = body
        let sections = try #require(copy.withUTF8 { MarkdownSections.split($0, count: count) })
        // One cut per phase heading: fewer headings than the wanted sections.
        #expect(sections.count >= 16)
        var expectedStart = 0
        for section in sections {
            #expect(section.range.lowerBound == expectedStart)
            expectedStart = section.range.upperBound
        }
        #expect(expectedStart == body.utf8.count)
        let blocks = try #require(copy.withUTF8 { CmarkDocumentReader.parseConcurrently($0, sections: sections, alongside: nil) })
        #expect(blocks == Self.whole(body))
        #expect(CmarkDocumentReader.parse(body).blocks == Self.whole(body))
    }

    /// Positions after front matter and after many sections are file positions.
    @Test func stepLinesAreFileLines() throws {
        let text = GeneratedPlaybook.text(steps: 10_000)
        let playbook = try #require(PlaybookLoader.load(contents: text, path: "generated.md").playbook)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let steps = playbook.phases.flatMap(\.steps)
        #expect(steps.count == 10_000)
        for step in [steps[0], steps[4_999], steps[9_999]] {
            #expect(lines[step.line - 1].hasPrefix("- [ ] "), "line \(step.line)")
            #expect(lines[step.line - 1].contains(step.text.components(separatedBy: ":").first ?? "?"))
        }
        let last = steps[9_999]
        #expect(last.text.hasPrefix("Step 9999:"))
        #expect(last.line == lines.firstIndex { $0.contains("Step 9999:") }.map { $0 + 1 })
    }

    // MARK: Cuts that must be refused

    /// A `# line` inside a top-level fenced block is code: cutting there would make it a
    /// heading. The reader refuses the cut (and a careless join would indeed differ).
    @Test(arguments: [
        "# A\n\n```\n# not a heading\n```\n\n# B\ntext\n",
        "# A\n\n~~~~ sh\n# comment\n~~~\n# still code\n~~~~\n# B\n",
        "# A\n```\n# unclosed fence to the end\n",
        "# A\n<div>\n# inside an HTML block\n</div>\n\n# B\n",
        "# A\n<!--\n# commented out\n-->\n# B\n",
        "# A\n<pre>\n\n# pre keeps blank lines\n</pre>\n# B\n",
        "# A\n<script>\n\n# x\n</script>\n",
        "# A\n<?php\n\n# x\n?>\n",
        "# A\n<!DOCTYPE html\n\n# x\n>\n",
        // Lines that look like closing fences but are not: indented by a tab or four spaces,
        // shorter than the opening fence, the other character, or with text after.
        "# A\n```\ncode\n\t```\n# X\n",
        "# A\n```\ncode\n    ```\n# X\n",
        "# A\n`````\ncode\n````\n# X\n",
        "# A\n~~~\ncode\n```\n# X\n",
        "# A\n````\ncode\n```` x\n# X\n",
        // An HTML block that a blank line does not end, with blank lines before the cut.
        "# A\n<pre>\ncode\n\n\n# X\n</pre>\n",
    ])
    func cutInsideCodeOrHTMLIsRefused(_ text: String) throws {
        let cut = try #require(Self.headingCuts(text).first { offset in
            let line = text.utf8.dropFirst(offset).prefix { $0 != UInt8(ascii: "\n") }
            return !String(decoding: line, as: UTF8.self).hasPrefix("# B")
        })
        #expect(Self.naivelyJoined(text, cuts: [cut]) != Self.whole(text))
        #expect(!Self.acceptsCut(text, at: cut))
        // Parsed again with the section after it: the whole tree.
        #expect(Self.sectioned(text, cuts: [cut]) == Self.whole(text))
        // The reader's public path still gives the whole parse.
        #expect(CmarkDocumentReader.parse(text, sectionCount: 8).blocks == Self.whole(text))
        Self.expectSameAsWhole(text)
    }

    /// An unclosed fence at the top takes every heading after it: parsing sections again one
    /// after the other would cost more than one whole parse, so the reader parses whole.
    @Test func manyRefusedCutsFallBackToOneWholeParse() {
        let text = "# A\n```\n" + (1...20).map { "# code \($0)\nline\n" }.joined()
        let cuts = Self.headingCuts(text)
        #expect(cuts.count == 20)
        #expect(Self.sectioned(text, cuts: cuts) == nil)
        #expect(CmarkDocumentReader.parse(text, sectionCount: 8).blocks == Self.whole(text))
        #expect(Self.whole(text).count == 2)
    }

    /// A link reference definition anywhere can change a link anywhere: such a text is never
    /// cut (and a careless cut would lose the link).
    @Test func linkReferenceDefinitionsPreventCuts() throws {
        let text = "# A\n\nSee [the runbook][rb].\n\n# B\n\n[rb]: https://example.com/runbook\n"
        let cut = try Self.offset(of: "# B", in: text)
        #expect(Self.naivelyJoined(text, cuts: [cut]) != Self.whole(text))
        var copy = text
        #expect(copy.withUTF8 { MarkdownSections.split($0, count: 4) } == nil)
        #expect(CmarkDocumentReader.parse(text, sectionCount: 4).blocks == Self.whole(text))
    }

    /// Tables may take a following line as a row, and the reader does not tell a closed fence
    /// from an open one: a cut after either is refused or harmless, and the reader's own
    /// parse is the whole parse.
    @Test(arguments: [
        "# A\n| a | b |\n|---|---|\n| 1 | 2 |\n# after the table\nx\n",
        "# A\n\n| a | b |\n| :-- | --: |\nrow without pipes\n# B\n",
        "# A\n\n```\ncode\n```\n# B\n~~~\nx\n~~~\n\n# C\n",
    ])
    func tablesAndFencesBeforeACutAreNeverCutWrongly(_ text: String) {
        Self.expectSameAsWhole(text)
        #expect(CmarkDocumentReader.parse(text, sectionCount: 8).blocks == Self.whole(text))
    }

    // MARK: Cuts that must be accepted, with the whole parse's tree

    @Test(arguments: [
        // Headings in lists and quotes are not at column 0; the top-level ones are.
        "- item\n  # nested heading\n# Top\n> # quoted\n# Top 2\n- [ ] task\n",
        // A heading right after a list, a quote, a paragraph, indented code: no blank line.
        "# A\n- [ ] one\n- [ ] two\n# B\n> quote\n# C\nparagraph\n# D\n    indented code\n# E\n",
        // Setext headings before and after cuts; a thematic break right after a heading.
        "# A\nfoo\n===\n# B\nbar\n---\n# C\n---\n",
        // A fenced block nested in a list item ends with the item.
        "# A\n- step\n  ```sh\n  echo hi\n# B\n  ```\n",
        // CRLF line endings.
        "# A\r\n- [ ] one\r\n\r\n# B\r\n- [ ] two\r\n",
        // Lone CR line endings count as lines before a cut.
        "# A\rfirst\rsecond\n# B\ry\r- [ ] z\n# C\n`code`\n",
        // No final line ending; tab after the hashes; an empty heading; deep levels.
        "# A\nx\n#\ty\n#\n###### six\nend",
        // Not headings: seven hashes, no space.
        "# A\n####### seven\n#hash\n# B\n",
        // Closed fences, HTML blocks and tables before cuts: on the last line of the section,
        // or followed by blank lines.
        "# A\n\n```\ncode\n```\n# B\n~~~~ sh\nx\n~~~~~  \n\n# C\n   ```\n# in code\n   ```\n# D\n",
        "# A\n<!-- note -->\n\n# B\n<div>\nx\n</div>\n\n# C\n",
        "# A\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# B\n",
    ])
    func cutsGiveTheWholeTree(_ text: String) {
        let accepted = Self.expectSameAsWhole(text)
        #expect(accepted > 0, "no cut was accepted, so nothing was compared")
    }

    /// Line numbers after cuts are those of the whole text, lone CRs included.
    @Test func positionsAfterCutsAreFilePositions() throws {
        let text = "# A\rone\r\ntwo\n# B\n\n- [ ] step `cmd`\n"
        let cut = try Self.offset(of: "# B", in: text)
        let blocks = try #require(Self.sectioned(text, cuts: [cut]))
        #expect(blocks.map(\.position.line) == [1, 2, 4, 6])
        #expect(blocks == Self.whole(text))
    }

    /// Front matter lines are blank lines of the body, so cut positions stay file positions.
    @Test func frontMatterOffsetsSurviveCuts() throws {
        let text = "---\ntitle: T\nseverity: SEV-2\n---\n# T\n## Mitigate\n- [ ] **[ops]** drain\n## Verify\n- [ ] check\n"
        let body = FrontMatterSplit(text: text).body
        let blocks = try #require(Self.sectioned(body, cuts: Self.headingCuts(body)))
        #expect(blocks == Self.whole(body))
        #expect(blocks.map(\.position.line) == [5, 6, 7, 8, 9])
    }

    // MARK: Choosing cuts

    @Test func shortTextsAreParsedWhole() {
        #expect(CmarkDocumentReader.sectionCount(byteCount: 10_000) == 1)
        #expect(CmarkDocumentReader.sectionCount(byteCount: 1 << 20) > 1)
    }

    /// The chosen cuts start heading lines outside fences, HTML blocks and right after table
    /// rows, and the sections cover the text without gaps.
    @Test func cutsAreHeadingLinesAwayFromFences() {
        let text = "# A\n" + String(repeating: "para\n", count: 20) + "```\n# in code\n```\n# B\n"
            + String(repeating: "x\n", count: 20) + "<!--\n# in a comment\n-->\n<div>\n# in HTML\n</div>\n\ntext\n# C\n"
            + "| a |\n|---|\n# after a table row\n"
        var copy = text
        let sections = copy.withUTF8 { MarkdownSections.split($0, count: 8) } ?? []
        #expect(!sections.isEmpty)
        for section in sections.dropFirst() {
            let line = String(decoding: text.utf8.dropFirst(section.range.lowerBound).prefix(4), as: UTF8.self)
            #expect(line == "# B\n" || line == "# C\n")
        }
        #expect(sections.first?.range.lowerBound == 0)
        #expect(sections.last?.range.upperBound == text.utf8.count)
    }
}
