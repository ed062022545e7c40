/// Turns a markdown block tree (and parsed front matter) into a ``Playbook``: the one place that
/// knows the playbook format. Pure: no I/O, no C; the markdown adapter does the parsing.
///
/// The format, in short (README.md, "Playbooks", has the full description):
/// - the `#` heading is the title; the shallowest heading level below it makes the sections;
/// - a section is a **Roles** list (`- **ops** — Operations: …`), a **Follow-up** list, a
///   **context** section (Overview, Meaning, Impact, …) or else a **phase** of steps;
/// - in a phase every list item is a step (`- [ ] **[ops]** Drain api-2 …`); a part of a phase
///   without any list makes a step of each paragraph, so prose never vanishes;
/// - code spans and code blocks inside a step are its commands; a code block between steps
///   belongs to the step before it.
public struct PlaybookBuilder: Sendable {
    /// The path that diagnostics and the playbook carry.
    public var path: String

    /// From about this many steps on, phases are drafted concurrently (tests set 0 or `.max`
    /// to compare both ways; the playbook is the same).
    var concurrentStepCount = Self.defaultConcurrentStepCount

    public init(path: String) {
        self.path = path
    }

    /// Builds the playbook. `diagnostics` are earlier findings (decoding, front matter) that the
    /// result carries first; `hasFrontMatter` says whether the file had a front-matter block.
    public func build(
        document: MarkdownDocument,
        frontMatter: [FrontMatterEntry],
        hasFrontMatter: Bool,
        digest: String,
        diagnostics: [SourceDiagnostic] = []
    ) -> Playbook {
        let expectedSteps = Self.estimatedStepCount(document.blocks)
        var state = BuildState(path: path, diagnostics: diagnostics, expectedSteps: expectedSteps)
        let metadataResult = state.readMetadata(frontMatter)
        let outline = DocumentOutline(blocks: document.blocks)
        let title = metadataResult.title
            ?? outline.title.map(InlineText.plain).flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.fileStem(path)

        let kinds = outline.sections.map { SectionKind(title: $0.title) }
        let phaseSections = outline.sections.indices.filter { kinds[$0] == .phase }
        if !outline.preamble.isEmpty {
            if phaseSections.isEmpty {
                state.addPhase(title: "Steps", line: outline.preamble[0].position.line, blocks: outline.preamble, sectionLevel: outline.sectionLevel)
            } else {
                state.addContext(title: "Introduction", line: outline.preamble[0].position.line, blocks: outline.preamble)
            }
        }
        // Many steps in several phases: the phases are drafted on all cores first (phase ids
        // claimed in document order, as below), then added in document order.
        var drafts: [Int: PhaseDraft] = [:]
        if phaseSections.count > 1, expectedSteps >= concurrentStepCount {
            let phases = phaseSections.map { index in
                (index: index, id: state.claimPhaseID(title: outline.sections[index].title))
            }
            drafts = Self.draftConcurrently(phases, of: outline.sections, path: path)
        }
        // Ids claimed within each phase are the playbook's ids only when no phase has an
        // explicit id; otherwise every id is claimed again below, in document order. (No step
        // id is claimed after the phases, so the playbook-wide table can stay without them.)
        let idsClaimed = drafts.values.allSatisfy(\.idsClaimed)
        for (index, section) in outline.sections.enumerated() {
            switch kinds[index] {
            case .roles: state.addRoles(section)
            case .followUp: state.addFollowUps(section)
            case .context: state.addContext(title: section.title, line: section.position.line, blocks: section.blocks)
            case .phase:
                if var draft = drafts.removeValue(forKey: index) {
                    state.add(&draft, idsClaimed: idsClaimed)
                } else {
                    state.addPhase(title: section.title, line: section.position.line, blocks: section.blocks, sectionLevel: outline.sectionLevel)
                }
            }
        }
        state.checkOwners()
        state.checkHasSteps(hasBody: outline.hasBody, hasFrontMatter: hasFrontMatter, firstBlock: outline.firstContentPosition)

        var sorted = state.diagnostics
        sorted.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return Playbook(
            path: path, title: title, metadata: metadataResult.metadata, roles: state.roles,
            phases: state.phases, context: state.context, followUps: state.followUps,
            diagnostics: sorted, digest: digest
        )
    }

    /// Top-level list items and paragraphs: about the number of steps, known before building.
    static func estimatedStepCount(_ blocks: [MarkdownBlock]) -> Int {
        var count = 0
        for block in blocks {
            switch block {
            case .list(let list): count += list.items.count
            case .paragraph: count += 1
            default: continue
            }
        }
        return count
    }

    /// `playbooks/api-outage.md` → `api-outage`.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return String(name[..<dot])
        }
        return name.isEmpty ? "playbook" : name
    }
}
