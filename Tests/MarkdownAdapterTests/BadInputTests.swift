import MarkdownAdapter
import PostmotermCore
import Testing

/// Every kind of bad input gives a diagnostic with the right message and place, never a crash.
@Suite struct BadInputTests {
    private func onlyDiagnostic(_ result: PlaybookLoadResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> SourceDiagnostic {
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)", sourceLocation: sourceLocation)
        return try #require(result.diagnostics.first, sourceLocation: sourceLocation)
    }

    @Test func stepOwnedByUndefinedRole() throws {
        let diagnostic = try onlyDiagnostic(load("""
            ## Roles

            - **ops** — Operations: runs changes.

            ## Mitigate

            - [ ] **[ops]** Drain.
            - [ ] **[dba]** Fail over the database.
            """, path: "p.md"))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "step is owned by undefined role 'dba' (known roles: ops)")
        #expect(diagnostic.line == 8)
        #expect(diagnostic.column == 7)
        #expect(diagnostic.description == "p.md:8:7: error: step is owned by undefined role 'dba' (known roles: ops)")
    }

    @Test func ownerWithoutAnyRolesSection() throws {
        let diagnostic = try onlyDiagnostic(load("## Fix\n\n- [ ] **[ops]** Restart.\n"))
        #expect(diagnostic.message == "step is owned by undefined role 'ops' (the playbook has no Roles section)")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 7)
    }

    @Test func duplicateRoleIDs() throws {
        let diagnostic = try onlyDiagnostic(load("""
            ## Roles

            - **ic** — Incident Commander: leads.
            - **ops** — Operations: runs changes.
            - **IC** — Incident Captain: also leads.

            ## Fix

            - [ ] Restart.
            """))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "duplicate role id 'ic' (first defined on line 3)")
        #expect(diagnostic.line == 5)
        #expect(diagnostic.column == 1)
    }

    @Test func roleEntryWithoutBoldIDIsAWarning() throws {
        let result = load("## Roles\n\n- Incident Commander leads.\n\n## Fix\n\n- [ ] Restart.\n")
        let diagnostic = try onlyDiagnostic(result)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message.hasPrefix("role entry should start with a bold id"))
        #expect(diagnostic.line == 3)
        #expect(result.playbook?.roles.isEmpty == true)
    }

    @Test func unterminatedFrontMatter() throws {
        let result = load("---\ntitle: Broken\n\n## Fix\n\n- [ ] Restart.\n")
        let diagnostic = try onlyDiagnostic(result)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "unterminated front matter: the '---' on line 1 has no closing '---'")
        #expect(diagnostic.line == 1 && diagnostic.column == 1)
        // What follows still loads, at its real lines.
        #expect(result.playbook?.allSteps.map(\.line) == [6])
    }

    @Test func badYAML() throws {
        let diagnostic = try onlyDiagnostic(load("---\ntitle: ok\nservices: [api, haproxy\n---\n## Fix\n\n- [ ] Restart.\n"))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix("bad YAML in front matter: "))
        #expect(diagnostic.message == "bad YAML in front matter: did not find expected ',' or ']' (while parsing a flow sequence)")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 11)
    }

    @Test func badYAMLIndentation() throws {
        let diagnostic = try onlyDiagnostic(load("---\ntitle: ok\n  severity: SEV-1\n---\n## Fix\n\n- [ ] Restart.\n"))
        #expect(diagnostic.message.hasPrefix("bad YAML in front matter: mapping values are not allowed"))
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 11)
    }

    @Test func frontMatterThatIsNotAMapping() throws {
        let diagnostic = try onlyDiagnostic(load("---\n- a\n- b\n---\n## Fix\n\n- [ ] Restart.\n"))
        #expect(diagnostic.message.hasPrefix("front matter must be a YAML mapping"))
        #expect(diagnostic.line == 2)
    }

    @Test func duplicateFrontMatterKey() throws {
        let diagnostic = try onlyDiagnostic(load("---\ntitle: a\ntitle: b\n---\n## Fix\n\n- [ ] Restart.\n"))
        #expect(diagnostic.message == "duplicate front matter key 'title' (first on line 2)")
        #expect(diagnostic.line == 3)
    }

    @Test func notUTF8() throws {
        let result = PlaybookLoader.load(bytes: Array("## Fix\n\n- [ ] Caf".utf8) + [0xE9] + Array(" restart\n".utf8), path: "latin1.md")
        #expect(result.playbook == nil)
        let diagnostic = try onlyDiagnostic(result)
        #expect(diagnostic.message == "file is not valid UTF-8 (byte 0xE9 at offset 17); save it as UTF-8")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 10)
    }

    @Test func binary() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        let result = PlaybookLoader.load(bytes: png, path: "image.md")
        #expect(result.playbook == nil)
        let diagnostic = try onlyDiagnostic(result)
        #expect(diagnostic.message == "binary file (NUL byte at offset 8): a playbook must be markdown text")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.column == 1)
    }

    @Test func empty() throws {
        for text in ["", "\n\n  \n"] {
            let diagnostic = try onlyDiagnostic(load(text))
            #expect(diagnostic.message == "file is empty: a playbook needs at least one step")
            #expect(diagnostic.line == 1 && diagnostic.column == 1)
        }
    }

    @Test func noSteps() throws {
        let diagnostic = try onlyDiagnostic(load("---\ntitle: x\n---\n\n# Title\n\n## Meaning\n\nSomething broke.\n\n## Triage\n"))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix("playbook has no steps"))
        #expect(diagnostic.line == 5)
        #expect(diagnostic.column == 1)
    }

    @Test func frontMatterOnlyIsAWarning() throws {
        let diagnostic = try onlyDiagnostic(load("---\ntitle: section index\nbookHidden: true\n---\n"))
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message == "playbook has front matter but no body: nothing to walk through")
    }

    @Test func controlCharactersInTextAreKeptAsDataButEscapedWhenPrinted() throws {
        let result = load("## Roles\n\n- **ops** — Ops: x\n\n## Fix\n\n- [ ] **[o\u{1B}[2Jps]** Restart \u{1B}]0;pwned\u{7}.\n")
        let step = try #require(result.playbook?.allSteps.first)
        #expect(step.text.contains("\u{1B}]0;pwned"))
        #expect(TerminalSafe.escape(step.text) == "[o^[[2Jps] Restart ^[]0;pwned^G.")
        for diagnostic in result.diagnostics {
            #expect(!TerminalSafe.needsEscaping(diagnostic.description))
        }
    }

    @Test func hostileNestingDoesNotCrash() throws {
        let quotes = String(repeating: "> ", count: 5_000) + "deep\n"
        let lists = (0..<600).map { String(repeating: "  ", count: $0) + "- item \($0)" }.joined(separator: "\n")
        let emphasis = String(repeating: "*a ", count: 5_000) + String(repeating: "*", count: 5_000)
        for text in ["## Fix\n\n" + quotes, "## Fix\n\n" + lists, "## Fix\n\n" + emphasis, String(repeating: "[", count: 50_000)] {
            let result = load(text)
            #expect(result.playbook != nil)
        }
    }
}
