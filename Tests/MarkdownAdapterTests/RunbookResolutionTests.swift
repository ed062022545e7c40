import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// An alert to its playbook: by `runbook_url`, by a front-matter claim, by alertname, over the
/// shipped playbooks and the vendored prometheus-operator runbooks (Tests/Fixtures).
struct RunbookResolutionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let shipped = repository + "/playbooks"
    static let foreign = repository + "/Tests/Fixtures/runbooks-prometheus-operator/content/runbooks"

    @Test func theShippedPlaybooksClaimTheSeedsAlerts() {
        let candidates = RunbookCatalog.candidates(in: [Self.shipped])
        let skew = RunbookResolver.resolve(alertname: "HAProxyServerTrafficSkew", runbookURL: nil, among: candidates)
        #expect(skew?.path == Self.shipped + "/api-outage-load-balancer.md")
        #expect(skew?.reason == .frontMatter)
        let errors = RunbookResolver.resolve(
            alertname: "HAProxyBackendHigh5xxRatio", runbookURL: "https://wiki.example/alerts/HAProxyBackendHigh5xxRatio", among: candidates)
        #expect(errors?.path == Self.shipped + "/elevated-5xx-degraded-service.md")
        #expect(RunbookResolver.resolve(alertname: "Watchdog", runbookURL: nil, among: candidates) == nil)
    }

    @Test func prometheusOperatorsLowerCaseURLsFindTheirFiles() {
        let candidates = RunbookCatalog.candidates(in: [Self.foreign])
        #expect(candidates.count > 100)
        let crash = RunbookResolver.resolve(
            alertname: "KubePodCrashLooping",
            runbookURL: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping", among: candidates)
        #expect(crash?.path == Self.foreign + "/kubernetes/KubePodCrashLooping.md")
        #expect(crash?.reason == .runbookURL)
        let byName = RunbookResolver.resolve(alertname: "NodeRAIDDegraded", runbookURL: "https://example.com/", among: candidates)
        #expect(byName?.path == Self.foreign + "/node/NodeRAIDDegraded.md")
        #expect(byName?.reason == .alertname)
        // Every runbook of the corpus is found by its own alert's URL, as the rules write it.
        for candidate in candidates where !candidate.path.hasSuffix("_index.md") {
            let name = URL(fileURLWithPath: candidate.path).deletingPathExtension().lastPathComponent
            let group = URL(fileURLWithPath: candidate.path).deletingLastPathComponent().lastPathComponent
            let url = "https://runbooks.prometheus-operator.dev/runbooks/\(group)/\(name.lowercased())"
            #expect(RunbookResolver.resolve(alertname: name, runbookURL: url, among: candidates)?.path == candidate.path)
        }
    }

    @Test func theGivenFolderComesFirstAndAClaimBeatsAName() throws {
        let folder = NSTemporaryDirectory() + "pm-runbooks-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "---\ntitle: Ours\nalerts: [KubePodCrashLooping]\n---\n# Ours\n\n## Steps\n\n- [ ] look\n"
            .write(toFile: folder + "/ours.md", atomically: true, encoding: .utf8)
        let candidates = RunbookCatalog.candidates(in: [folder, Self.foreign])
        #expect(RunbookResolver.resolve(alertname: "KubePodCrashLooping", runbookURL: nil, among: candidates)?.path == folder + "/ours.md")
        #expect(RunbookCatalog.folders(given: [folder, folder + "/missing"], shipped: Self.shipped, environment: ["XDG_DATA_HOME": folder + "/none"])
            == [folder, Self.shipped])
    }

    @Test func checkWarnsAboutAnAlertsKeyThatIsNotAListOfNames() {
        let result = PlaybookLoader.load(contents: "---\ntitle: T\nalerts: [Good, {a: b}, \"two words\"]\n---\n# T\n\n## Steps\n\n- [ ] x\n", path: "t.md")
        #expect(result.playbook?.metadata.alerts == ["Good"])
        #expect(result.diagnostics.filter { $0.message.contains("front matter 'alerts'") }.count == 2)
        #expect(result.diagnostics.first { $0.message.contains("'alerts'") }?.line == 3)
    }
}
