import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// Runbooks written elsewhere (prometheus-operator/runbooks, unchanged) load without edits.
///
/// The corpus is a fixture of this repository: `Tests/Fixtures/runbooks-prometheus-operator`
/// (Apache-2.0; its LICENSE and SOURCE.txt beside it).
@Suite struct CorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Tests/Fixtures/runbooks-prometheus-operator")

    /// The corpus's markdown files; records a failure (never a silent pass) when it is missing.
    static func corpusFiles(sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        guard FileManager.default.fileExists(atPath: corpus.path) else {
            Issue.record("corpus not found at \(corpus.path)", sourceLocation: sourceLocation)
            return []
        }
        let results = PlaybookLoader.loadAll(paths: [corpus.path])
        return results.map(\.path)
    }

    /// Whether the file has anything after its front matter.
    static func hasBody(_ path: String) throws -> Bool {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return !FrontMatterSplit(text: text).body.allSatisfy(\.isWhitespace)
    }

    @Test func corpusIsThere() {
        let files = Self.corpusFiles()
        #expect(files.count >= 100, "expected the whole corpus, found \(files.count) files")
    }

    @Test func everyFileLoadsWithoutErrors() {
        for path in Self.corpusFiles() {
            let result = PlaybookLoader.load(path: path)
            #expect(result.playbook != nil, "\(path)")
            let errors = result.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test func everyFileWithABodyHasSteps() throws {
        var withBody = 0
        for path in Self.corpusFiles() where try Self.hasBody(path) {
            withBody += 1
            let playbook = try #require(PlaybookLoader.load(path: path).playbook)
            #expect(!playbook.allSteps.isEmpty, "\(path) has no steps")
            #expect(playbook.allSteps.allSatisfy { !$0.text.isEmpty && !$0.id.isEmpty })
            #expect(Set(playbook.allSteps.map(\.id)).count == playbook.allSteps.count, "\(path): ids not unique")
        }
        #expect(withBody >= 100)
    }

    @Test func meaningAndImpactAreContextNotSteps() throws {
        for path in Self.corpusFiles() where try Self.hasBody(path) {
            let playbook = try #require(PlaybookLoader.load(path: path).playbook)
            let phaseTitles = playbook.phases.map { $0.title.lowercased() }
            #expect(!phaseTitles.contains("meaning") && !phaseTitles.contains("impact"), "\(path)")
        }
    }

    @Test func kubePodCrashLooping() throws {
        let path = Self.corpus.appendingPathComponent("content/runbooks/kubernetes/KubePodCrashLooping.md").path
        guard !Self.corpusFiles().isEmpty else { return }
        let playbook = try #require(PlaybookLoader.load(path: path).playbook)
        #expect(playbook.title == "Kube Pod Crash Looping")
        #expect(playbook.metadata.extra == [MetadataPair(key: "weight", value: .integer(20))])
        #expect(playbook.context.map(\.title) == ["Meaning", "Impact"])
        #expect(playbook.context[1].text.hasPrefix("Service degradation or unavailability."))
        #expect(playbook.phases.map(\.title) == ["Diagnosis", "Mitigation"])

        let diagnosis = playbook.phases[0]
        #expect(diagnosis.steps[0].text == "Check template via `kubectl -n $NAMESPACE get pod $POD`.")
        #expect(diagnosis.steps[0].commands.map(\.text) == ["kubectl -n $NAMESPACE get pod $POD"])
        #expect(diagnosis.steps[0].line == 21)
        #expect(diagnosis.steps[3].details.hasPrefix("- pod priority\n- resources"))
        #expect(diagnosis.summary == "Other things to check:")

        // A section of prose only: each paragraph is a step.
        let mitigation = playbook.phases[1]
        #expect(mitigation.steps.map(\.kind) == [.prose, .prose])
        #expect(mitigation.steps[0].text.hasPrefix("Talk with developers"))
    }

    @Test func etcdNoLeaderWithoutFrontMatterAndWithSubsections() throws {
        let path = Self.corpus.appendingPathComponent("content/runbooks/etcd/etcdNoLeader.md").path
        guard !Self.corpusFiles().isEmpty else { return }
        let playbook = try #require(PlaybookLoader.load(path: path).playbook)
        #expect(playbook.title == "etcdNoLeader")
        #expect(playbook.phases[0].steps.map(\.section) == ["Control plane nodes issue", "Slow disk issue", "Other"])
        #expect(playbook.phases[0].steps[2].commands.map(\.text) == ["etcdserver: no leader"])
    }
}
