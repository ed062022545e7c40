/// The playbook under construction, with the diagnostics found so far.
struct BuildState {
    let path: String
    var diagnostics: [SourceDiagnostic]
    var roles: [PlaybookRole] = []
    var phases: [Phase] = []
    var context: [ContextSection] = []
    var followUps: [FollowUp] = []

    private var phaseIDs = UniqueIdentifiers()
    private var stepIDs = UniqueIdentifiers()
    private var followUpIDs = UniqueIdentifiers()
    /// Explicit ids (`<!-- id: … -->`) and where they were first used.
    private var explicitIDLines: [String: Int] = [:]
    /// Owner tags to check once every role is known: role id and where the tag is.
    private var ownerTags: [(role: String, position: SourcePosition)] = []
    /// The ids of the phase being drafted, in step order, claimed when the draft is added.
    private var pendingStepIDs: [PhaseDraft.PendingStepID] = []

    /// `expectedSteps` sizes the step-id table up front (an estimate; more steps still fit).
    init(path: String, diagnostics: [SourceDiagnostic], expectedSteps: Int = 0) {
        self.path = path
        self.diagnostics = diagnostics
        stepIDs = UniqueIdentifiers(capacity: expectedSteps)
    }

    mutating func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(.error(message, path: path, line: position.line, column: position.column))
    }

    mutating func warning(_ message: String, at position: SourcePosition) {
        diagnostics.append(.warning(message, path: path, line: position.line, column: position.column))
    }
}

// MARK: - Front matter

extension BuildState {
    struct MetadataResult {
        var title: String?
        var metadata = PlaybookMetadata()
    }

    mutating func readMetadata(_ entries: [FrontMatterEntry]) -> MetadataResult {
        var result = MetadataResult()
        for entry in entries {
            switch entry.key.lowercased() {
            case "title":
                if let text = entry.value.scalarText { result.title = text } else {
                    warning("front matter 'title' should be a single line of text", at: entry.position)
                }
            case "severity":
                if let text = entry.value.scalarText { result.metadata.severity = text } else {
                    warning("front matter 'severity' should be a value such as SEV-1", at: entry.position)
                }
            case "services", "service":
                switch entry.value {
                case .list(let items):
                    for item in items {
                        if let text = item.scalarText { result.metadata.services.append(text) } else {
                            warning("front matter 'services' should list service names", at: entry.position)
                        }
                    }
                case .null:
                    break
                default:
                    if let text = entry.value.scalarText { result.metadata.services.append(text) } else {
                        warning("front matter 'services' should be a list of service names", at: entry.position)
                    }
                }
            case "balancer":
                if let text = entry.value.scalarText, !text.isEmpty { result.metadata.balancer = text } else {
                    warning("front matter 'balancer' should be an address such as /run/haproxy/admin.sock or 127.0.0.1:9999", at: entry.position)
                }
            case "alerts":
                let items: [MetadataValue]
                switch entry.value {
                case .list(let list): items = list
                case .null: items = []
                default: items = [entry.value]
                }
                for item in items {
                    if let name = item.scalarText, !name.isEmpty, !name.contains(where: \.isWhitespace) {
                        result.metadata.alerts.append(name)
                    } else {
                        warning("front matter 'alerts' should list alert names (alertname), such as [HAProxyServerDown]", at: entry.position)
                    }
                }
            case "alertmanager":
                if let text = entry.value.scalarText, text.hasPrefix("http://") || text.hasPrefix("https://") {
                    result.metadata.alertmanager = text
                } else {
                    warning("front matter 'alertmanager' should be a URL such as http://127.0.0.1:9093", at: entry.position)
                }
            case "metrics":
                if let text = entry.value.scalarText, text.hasPrefix("http://") || text.hasPrefix("https://") {
                    result.metadata.metrics = text
                } else {
                    warning("front matter 'metrics' should be a Prometheus URL such as http://127.0.0.1:9090", at: entry.position)
                }
            case "metrics_instances":
                switch InstanceLabelMapping.read(entry.value) {
                case .success(let overrides): result.metadata.metricsInstances = overrides
                case .failure(let problem): warning("front matter 'metrics_instances' \(problem.message)", at: entry.position)
                }
            case "metrics_queries":
                let read = MetricsQueries.read(entry.value)
                result.metadata.metricsQueries = read.queries
                for problem in read.errors + read.warnings { warning("front matter 'metrics_queries' \(problem)", at: entry.position) }
            default:
                result.metadata.extra.append(MetadataPair(key: entry.key, value: entry.value))
            }
        }
        return result
    }
}

// MARK: - Roles

extension BuildState {
    mutating func addRoles(_ section: DocumentOutline.Section) {
        var prose: [MarkdownBlock] = []
        for block in section.blocks {
            guard case .list(let list) = block else {
                prose.append(block)
                continue
            }
            for item in list.items { addRole(item) }
        }
        let text = BlockText.render(prose, includeCode: true)
        if !text.isEmpty {
            context.append(ContextSection(title: section.title, line: section.position.line, text: text))
        }
    }

    private mutating func addRole(_ item: MarkdownListItem) {
        let example = "`- **ops** — Operations: runs the mitigation`"
        guard case .paragraph(let inlines, _)? = item.blocks.first,
              case .strong(let idInlines, _)? = inlines.first(where: { !Self.isBlankText($0) }) else {
            warning("role entry should start with a bold id, e.g. \(example); entry ignored", at: item.position)
            return
        }
        let id = InlineText.plain(idInlines).lowercased()
        guard Slug.isValidIdentifier(id), !id.contains(".") else {
            error("role id '\(id)' may contain only letters, digits, '-' and '_', e.g. \(example)", at: item.position)
            return
        }
        if let existing = roles.first(where: { $0.id == id }) {
            error("duplicate role id '\(id)' (first defined on line \(existing.line))", at: item.position)
            return
        }
        let afterID = Array(inlines.drop { Self.isBlankText($0) }.dropFirst())
        var rest = Substring(InlineText.plain(afterID))
        rest = rest.drop { " —–-:".contains($0) }
        var name: String
        var responsibilities: String
        if let colon = rest.firstIndex(of: ":") {
            name = String(rest[..<colon].trimmingSpaces())
            responsibilities = String(rest[rest.index(after: colon)...].trimmingSpaces())
        } else {
            name = String(rest.trimmingSpaces())
            responsibilities = ""
        }
        let nested = BlockText.render(Array(item.blocks.dropFirst()), includeCode: true)
        if !nested.isEmpty {
            responsibilities = responsibilities.isEmpty ? nested : responsibilities + "\n" + nested
        }
        if name.isEmpty {
            warning("role '\(id)' has no display name, e.g. \(example)", at: item.position)
            name = id.uppercased()
        }
        roles.append(PlaybookRole(id: id, name: name, responsibilities: responsibilities, line: item.position.line))
    }

    private static func isBlankText(_ inline: MarkdownInline) -> Bool {
        if case .text(let s) = inline { return s.allSatisfy { $0 == " " || $0 == "\t" } }
        return false
    }
}

// MARK: - Context

extension BuildState {
    mutating func addContext(title: String, line: Int, blocks: [MarkdownBlock]) {
        context.append(ContextSection(title: title, line: line, text: BlockText.render(blocks, includeCode: true)))
    }
}

// MARK: - Phases and steps

extension BuildState {
    /// Adds the phase of a section: drafted, then its step ids claimed.
    mutating func addPhase(title: String, line: Int, blocks: [MarkdownBlock], sectionLevel: Int) {
        let phaseID = claimPhaseID(title: title)
        var draft = Self.draftPhase(id: phaseID, title: title, line: line, blocks: blocks, path: path)
        add(&draft)
    }

    /// The id of the next phase titled `title` (phase ids are claimed in document order).
    mutating func claimPhaseID(title: String) -> String {
        phaseIDs.claim(Slug.make(title, fallback: "phase"))
    }

    /// Adds a drafted phase: its owner tags, then its step ids claimed in step order (with
    /// the diagnostics of explicit ids), exactly as if the steps had been built here. `inout`
    /// so the ids are written into the draft's own steps, not into a copy of them.
    ///
    /// `idsClaimed`: the draft's own ids are kept (``draftPhase(id:title:line:blocks:path:claimingIDs:)``
    /// claimed them) — only valid when no phase of the playbook has an explicit id.
    mutating func add(_ draft: inout PhaseDraft, idsClaimed: Bool = false) {
        ownerTags += draft.ownerTags
        diagnostics += draft.diagnostics
        if !idsClaimed {
            for (index, pending) in draft.pendingStepIDs.enumerated() {
                draft.phase.steps[index].id = stepID(pending)
            }
        }
        phases.append(draft.phase)
    }

    /// The phase `phaseID` from its section's blocks, without touching any state shared with
    /// other phases: step ids are left pending, owner tags collected (so phases can be drafted
    /// concurrently and added in document order).
    ///
    /// With `claimingIDs`, a phase without explicit ids claims its generated ids itself
    /// (``PhaseDraft/idsClaimed``): they all start with `phase-id.` (slugs have no dots, phase
    /// ids are unique), so only steps of the same phase can ever take one of them, and the
    /// phase's own claims, in step order, give what claims over the whole playbook give.
    /// An explicit id can be any string, so a phase with one leaves its ids to ``add(_:idsClaimed:)``.
    static func draftPhase(
        id phaseID: String, title: String, line: Int, blocks: [MarkdownBlock], path: String, claimingIDs: Bool = false
    ) -> PhaseDraft {
        var state = BuildState(path: path, diagnostics: [])
        var phase = state.makePhase(id: phaseID, title: title, line: line, blocks: blocks)
        var idsClaimed = false
        if claimingIDs, state.pendingStepIDs.allSatisfy({ $0.explicit == nil }) {
            var ids = UniqueIdentifiers(capacity: phase.steps.count)
            for (index, pending) in state.pendingStepIDs.enumerated() {
                phase.steps[index].id = ids.claim(pending.generated)
            }
            idsClaimed = true
        }
        return PhaseDraft(
            phase: phase, pendingStepIDs: state.pendingStepIDs, idsClaimed: idsClaimed,
            ownerTags: state.ownerTags, diagnostics: state.diagnostics
        )
    }

    private mutating func makePhase(id phaseID: String, title: String, line: Int, blocks: [MarkdownBlock]) -> Phase {
        var phase = Phase(id: phaseID, title: title, line: line)
        var summary: [MarkdownBlock] = []

        // Cut the phase into parts at subsection headings; each part is a list part or a prose part.
        var parts: [(section: String?, blocks: [MarkdownBlock])] = [(nil, [])]
        for block in blocks {
            if case .heading(_, let inlines, _) = block {
                parts.append((InlineText.plain(inlines), []))
            } else {
                parts[parts.count - 1].blocks.append(block)
            }
        }
        for part in parts {
            let hasList = part.blocks.contains { if case .list = $0 { return true } else { return false } }
            for block in part.blocks {
                switch block {
                case .list(let list):
                    for item in list.items {
                        phase.steps.append(makeStep(item: item, phaseID: phaseID, section: part.section))
                    }
                case .paragraph(let inlines, let position):
                    if hasList {
                        summary.append(block)
                    } else {
                        phase.steps.append(makeProseStep(inlines: inlines, position: position, phaseID: phaseID, section: part.section))
                    }
                case .codeBlock(let info, let literal, let position):
                    let command = Self.command(info: info, literal: literal, position: position)
                    if phase.steps.isEmpty || (phase.steps.last?.section != part.section && !hasList && Self.isFirstContent(block, of: part.blocks)) {
                        phase.steps.append(makeCodeStep(command, position: position, phaseID: phaseID, section: part.section))
                    } else {
                        phase.steps[phase.steps.count - 1].commands.append(command)
                    }
                case .blockQuote, .table:
                    summary.append(block)
                case .heading, .html, .thematicBreak:
                    continue
                }
            }
        }
        phase.summary = BlockText.render(summary, includeCode: true)
        return phase
    }

    private static func isFirstContent(_ block: MarkdownBlock, of blocks: [MarkdownBlock]) -> Bool {
        blocks.first { if case .html = $0 { return false } else { return true } } == block
    }

    static func command(info: String, literal: String, position: SourcePosition) -> StepCommand {
        StepCommand(
            text: BlockText.trimmingFinalNewline(literal), language: language(info: info),
            line: position.line, isBlock: true
        )
    }

    /// The first word of a code block's info string: `sh {linenos}` → `sh`.
    static func language(info: String) -> String? {
        func isSeparator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
        }
        guard info.utf8.allSatisfy({ $0 < 0x80 }) else {
            // Characters, not bytes: a separator followed by a combining mark is no separator.
            return info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "," }).first.map(String.init)
        }
        let utf8 = info.utf8
        guard let start = utf8.firstIndex(where: { !isSeparator($0) }) else { return nil }
        let end = utf8[start...].firstIndex(where: isSeparator) ?? utf8.endIndex
        return String(info[start..<end])
    }

    /// A step from a list item: first paragraph is the text, the rest details and commands.
    private mutating func makeStep(item: MarkdownListItem, phaseID: String, section: String?) -> Step {
        var rest = item.blocks[...]
        var inlines: ArraySlice<MarkdownInline> = []
        if case .paragraph(let first, _)? = rest.first {
            inlines = first[...]
            rest = rest.dropFirst()
        }
        let owner = takeOwnerTag(&inlines)
        var commands: [StepCommand] = []
        commands.reserveCapacity(Self.commandCountEstimate(inlines: inlines, rest: rest))
        InlineText.commands(in: inlines, into: &commands)
        Self.collectCommands(in: Array(rest), into: &commands)
        var text = InlineText.plain(inlines)
        if text.isEmpty { text = commands.first.map { Self.firstLine(of: $0.text) } ?? "(empty step)" }
        let id = pendingStepID(explicit: InlineText.explicitIdentifier(in: inlines), phaseID: phaseID, text: text, position: item.position)
        return Step(
            id: id, phaseID: phaseID, line: item.position.line, column: item.position.column, text: text,
            role: owner, details: BlockText.render(Array(rest), includeCode: false), commands: commands,
            section: section, kind: item.task == nil ? .item : .task, isChecked: item.task == .checked
        )
    }

    /// Code spans in the step's own text and code blocks right under it: room for a usual
    /// step's commands in one allocation (deeper ones still fit, the array just grows).
    private static func commandCountEstimate(inlines: ArraySlice<MarkdownInline>, rest: ArraySlice<MarkdownBlock>) -> Int {
        var count = 0
        for inline in inlines {
            if case .code = inline { count += 1 }
        }
        for block in rest {
            if case .codeBlock = block { count += 1 }
        }
        return count
    }

    private mutating func makeProseStep(inlines: [MarkdownInline], position: SourcePosition, phaseID: String, section: String?) -> Step {
        var inlines = inlines[...]
        let owner = takeOwnerTag(&inlines)
        var commands: [StepCommand] = []
        InlineText.commands(in: inlines, into: &commands)
        let text = InlineText.plain(inlines)
        let id = pendingStepID(explicit: InlineText.explicitIdentifier(in: inlines), phaseID: phaseID, text: text, position: position)
        return Step(
            id: id, phaseID: phaseID, line: position.line, column: position.column, text: text,
            role: owner, commands: commands, section: section, kind: .prose
        )
    }

    private mutating func makeCodeStep(_ command: StepCommand, position: SourcePosition, phaseID: String, section: String?) -> Step {
        let text = "Run: " + Self.firstLine(of: command.text)
        let id = pendingStepID(explicit: nil, phaseID: phaseID, text: text, position: position)
        return Step(
            id: id, phaseID: phaseID, line: position.line, column: position.column, text: text,
            commands: [command], section: section, kind: .prose
        )
    }

    private static func firstLine(of text: String) -> String {
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first.map { String($0.trimmingSpaces()) } ?? ""
        return line.isEmpty ? "(code)" : line
    }

    private static func collectCommands(in blocks: [MarkdownBlock], into commands: inout [StepCommand]) {
        for block in blocks {
            switch block {
            case .paragraph(let inlines, _), .heading(_, let inlines, _):
                InlineText.commands(in: inlines, into: &commands)
            case .codeBlock(let info, let literal, let position):
                commands.append(command(info: info, literal: literal, position: position))
            case .list(let list):
                for item in list.items { collectCommands(in: item.blocks, into: &commands) }
            case .blockQuote(let inner, _):
                collectCommands(in: inner, into: &commands)
            case .table(let rows, _):
                for cell in rows.joined() { InlineText.commands(in: cell, into: &commands) }
            case .html, .thematicBreak:
                continue
            }
        }
    }

    /// Removes a leading `**[role]**` owner tag from `inlines` and returns the role id.
    private mutating func takeOwnerTag(_ inlines: inout ArraySlice<MarkdownInline>) -> String? {
        var index = inlines.startIndex
        while index < inlines.endIndex, case .text(let s) = inlines[index],
              s.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            index += 1
        }
        guard index < inlines.endIndex, case .strong(let content, let position) = inlines[index],
              let role = Self.ownerRole(Self.ownerTagText(content)) else { return nil }
        inlines = inlines[(index + 1)...]
        ownerTags.append((role, position))
        return role
    }

    /// The text of a bold run that may be an owner tag. A lone `[…]` text without tabs or line
    /// breaks is used as is: ``ownerRole(_:)`` skips spaces, so collapsing them changes nothing.
    private static func ownerTagText(_ content: [MarkdownInline]) -> String {
        if content.count == 1, case .text(let s) = content[0],
           s.utf8.first == UInt8(ascii: "["), s.utf8.last == UInt8(ascii: "]"),
           !s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return s
        }
        return InlineText.plain(content)
    }

    /// `[Ops]` → `ops`; `nil` unless the text is a bracketed role id.
    static func ownerRole(_ tag: String) -> String? {
        var tag = tag
        return tag.withUTF8 { bytes -> String? in
            guard bytes.count > 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
            let inner = bytes[1..<(bytes.count - 1)]
            var length = 0
            for byte in inner {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                     UInt8(ascii: "_"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    length += 1
                case UInt8(ascii: " "):
                    continue
                default:
                    return nil
                }
            }
            guard length > 0, length <= 64 else { return nil }
            return String(unsafeUninitializedCapacity: length) { role in
                var count = 0
                for byte in inner where byte != UInt8(ascii: " ") {
                    role[count] = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
                    count += 1
                }
                return count
            }
        }
    }

    /// Records the id a step will claim (its explicit id, or the slug of its text) and returns
    /// a placeholder: ids are claimed by ``add(_:)``, in document order.
    private mutating func pendingStepID(explicit: String?, phaseID: String, text: String, position: SourcePosition) -> String {
        pendingStepIDs.append(PhaseDraft.PendingStepID(
            explicit: explicit, generated: Slug.make(text, fallback: "step", prefix: phaseID + "."), position: position
        ))
        return ""
    }

    private mutating func stepID(_ pending: PhaseDraft.PendingStepID) -> String {
        let position = pending.position
        if let explicit = pending.explicit {
            if !Slug.isValidIdentifier(explicit) {
                error("step id '\(explicit)' may contain only letters, digits, '-', '_' and '.'", at: position)
            } else if let first = explicitIDLines[explicit] {
                error("duplicate step id '\(explicit)' (first used on line \(first))", at: position)
            } else if stepIDs.reserve(explicit) {
                explicitIDLines[explicit] = position.line
                return explicit
            } else {
                error("step id '\(explicit)' is already the generated id of an earlier step", at: position)
            }
        }
        return stepIDs.claim(pending.generated)
    }
}

// MARK: - Follow-ups

extension BuildState {
    mutating func addFollowUps(_ section: DocumentOutline.Section) {
        let hasList = section.blocks.contains { if case .list = $0 { return true } else { return false } }
        for block in section.blocks {
            switch block {
            case .list(let list):
                for item in list.items {
                    var rest = item.blocks[...]
                    var inlines: ArraySlice<MarkdownInline> = []
                    if case .paragraph(let first, _)? = rest.first {
                        inlines = first[...]
                        rest = rest.dropFirst()
                    }
                    let owner = takeOwnerTag(&inlines)
                    let text = InlineText.plain(inlines)
                    guard !text.isEmpty else { continue }
                    followUps.append(FollowUp(
                        id: followUpIDs.claim("follow-up." + Slug.make(text, fallback: "item")),
                        text: text, line: item.position.line, role: owner,
                        details: BlockText.render(Array(rest), includeCode: true)
                    ))
                }
            case .paragraph(let inlines, let position) where !hasList:
                var inlines = inlines[...]
                let owner = takeOwnerTag(&inlines)
                let text = InlineText.plain(inlines)
                guard !text.isEmpty else { continue }
                followUps.append(FollowUp(
                    id: followUpIDs.claim("follow-up." + Slug.make(text, fallback: "item")),
                    text: text, line: position.line, role: owner
                ))
            default:
                continue
            }
        }
    }
}

// MARK: - Whole-playbook checks

extension BuildState {
    /// Every owner tag names a role of the Roles section.
    mutating func checkOwners() {
        let known = roles.map(\.id)
        for tag in ownerTags where !known.contains(tag.role) {
            let hint = known.isEmpty
                ? "the playbook has no Roles section"
                : "known roles: " + known.joined(separator: ", ")
            error("step is owned by undefined role '\(tag.role)' (\(hint))", at: tag.position)
        }
    }

    mutating func checkHasSteps(hasBody: Bool, hasFrontMatter: Bool, firstBlock: SourcePosition) {
        guard phases.allSatisfy({ $0.steps.isEmpty }) else { return }
        if !hasBody && hasFrontMatter {
            warning("playbook has front matter but no body: nothing to walk through", at: .start)
        } else {
            error("playbook has no steps: add a phase heading (e.g. '## Mitigate') with task-list items ('- [ ] …')", at: hasBody ? firstBlock : .start)
        }
    }
}
