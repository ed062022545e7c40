import Foundation
import LoopbackLab
import PostmotermTestSupport
import Testing

/// `postmoterm demo --headless` as a user runs it: the story plays on a real HAProxy, the draft
/// tells it in order, and nothing the demo started outlives it — on a normal end, on SIGTERM,
/// and when the demo itself is killed with SIGKILL.
@Suite(.serialized) struct DemoHeadlessTests {
    @Test(.timeLimit(.minutes(2))) func theDraftTellsTheStoryInOrderAndNothingIsLeftRunning() throws {
        let run = try DemoRun(arguments: ["--headless", "--speed", "10"])
        defer { run.cleanUp() }
        let started = Date()
        let status = run.waitForExit(timeout: 60)
        let elapsed = Date().timeIntervalSince(started)
        #expect(status == 0, "output:\n\(run.output)")
        #expect(elapsed < 45, "took \(elapsed)s")

        let output = run.output
        let path = try #require(output.split(separator: "\n").first { $0.hasPrefix("postmortem draft: ") }
            .map { String($0.dropFirst("postmortem draft: ".count)) }, "output:\n\(output)")
        let draft = try String(contentsOfFile: path, encoding: .utf8)
        let timeline = try #require(draft.components(separatedBy: "## Timeline").dropFirst().first?
            .components(separatedBy: "\n## ").first, "no Timeline section:\n\(draft)")

        // The story, in this order, each on its own line.
        let story: [(String, (String) -> Bool)] = [
            ("the bad change (set weight api/api-2 10)", { $0.contains("set weight api/api-2 10") }),
            ("the weight change 1 → 10", { $0.contains("api/api-2 weight changed 1 → 10") }),
            ("the skew finding", { $0.contains("weight skew in api: api-2 takes 83.3%") }),
            ("the breaker opening", { $0.contains("breaker OPEN on api/api-2") }),
            // Down by its breaker (HANA) or by the crash (L4CON), whichever the poll saw last.
            ("the instance down", { $0.contains("api/api-2 went") && $0.contains("→ DOWN (") }),
            ("the weight reset by the responder", { $0.contains("`set server api/api-2 weight 1` → ok") }),
            ("the recovery", { $0.contains("api/api-2 went") && $0.contains("→ UP") }),
            ("mitigated", { $0.contains("→ mitigated") }),
            ("resolved", { $0.contains("→ resolved") }),
        ]
        let lines = timeline.split(separator: "\n").map(String.init)
        var cursor = 0
        for (name, matches) in story {
            guard let found = lines[cursor...].firstIndex(where: matches) else {
                Issue.record("the timeline lacks \(name) after line \(cursor):\n\(timeline)")
                break
            }
            cursor = found + 1
        }
        // The root cause on its own line, before the first skew finding (issue 13.4).
        let weightChange = lines.firstIndex { $0.contains("api/api-2 weight changed 1 → 10") }
        let firstSkew = lines.firstIndex { $0.contains("weight skew in api") }
        #expect(weightChange != nil && firstSkew != nil && weightChange! < firstSkew!, "timeline:\n\(timeline)")

        // Requests and 5xx from the balancer's own counters agree with the load generator's
        // count at the draft within 2 % (issue 13.5).
        let generator = try #require(Self.counts(in: output, after: "load generator before the draft: "), "output:\n\(output)")
        let recorded = try #require(Self.counts(in: draft, after: "- Pool api: "), "draft:\n\(draft)")
        #expect(generator.requests > 100, "the load ran: \(generator)")
        #expect(Self.agree(recorded.requests, generator.requests), "requests: draft \(recorded.requests), generator \(generator.requests)")
        #expect(Self.agree(recorded.errors, generator.errors), "5xx: draft \(recorded.errors), generator \(generator.errors)")
        #expect(generator.errors > 0, "the story produces 5xx: \(generator)")

        // The charts beside the draft (issue 17.3): api-2's share jumps to ~83 % at the weight
        // change, and falls to nothing at the drain.
        #expect(draft.contains("![Traffic share per instance](") && draft.contains("![5xx rate per instance]("), "draft:\n\(draft)")
        let share = try Self.seriesValues(
            svgPath: (path as NSString).deletingPathExtension + "-share.svg", color: "#d62728", top: 100)
        let peak = share.max() ?? 0
        #expect(peak > 75 && peak < 92, "api-2's share: \(share)")
        let afterPeak = share.drop { $0 < 75 }.drop { $0 >= 75 }
        #expect(afterPeak.contains { $0 < 5 }, "api-2's share after the weight change: \(share)")

        #expect(draft.contains("Time to detect"))
        #expect(draft.contains("Circuit breakers opened: api/api-2"))
        // Issue 16's alert chain, where Prometheus and Alertmanager are installed: the weight
        // change fires the shipped rule, the team opens the incident from it, and the draft's
        // time to detect runs from the impact's beginning to that alert.
        if DemoAlerting.isInstalled {
            #expect(output.contains("[alert] firing: HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight"), "output:\n\(output)")
            #expect(output.contains("Paged by HAProxyServerWeightSkew"), "output:\n\(output)")
            #expect(draft.contains("| Detected | "), "draft:\n\(draft)")
            #expect(draft.contains("| alert HAProxyServerWeightSkew: api-2 has 83.33% of pool api's traffic weight |"), "draft:\n\(draft)")
            let detect = try #require(draft.split(separator: "\n").first { $0.hasPrefix("| Time to detect |") })
            #expect(!detect.hasPrefix("| Time to detect | — |") && detect.contains("→ first alert"), "\(detect)")
            #expect(output.contains("milestones: time to detect "), "output:\n\(output)")
            #expect(run.alertFolders.count == 2, "output:\n\(output)")
            for folder in run.alertFolders {
                #expect(!FileManager.default.fileExists(atPath: folder), "the alert chain's folder \(folder) is left")
            }
        } else {
            #expect(output.contains("alerts:   off — install prometheus and prometheus-alertmanager"), "output:\n\(output)")
        }
        #expect(draft.contains("Validate load-balancer weight changes before rollout"))

        // The incident log holds the same story (the draft was made from it).
        #expect(output.contains("opened incident"))
        #expect(run.leftovers().isEmpty, "still running: \(run.leftovers())")
        #expect(!FileManager.default.fileExists(atPath: run.labDirectory ?? "/nonexistent"), "HAProxy's folder is left")
        #expect(run.demoFolder != nil)
        #expect(!FileManager.default.fileExists(atPath: run.demoFolder ?? "/nonexistent"), "the demo's folder is left")
    }

    /// `N requests, M 5xx` after `prefix` on a line of `text`.
    /// The values a chart (``PostmortemChart``) draws in `color`, from its polylines' y
    /// coordinates (the plot runs from y 36, `top`, to y 312, zero).
    static func seriesValues(svgPath: String, color: String, top: Double) throws -> [Double] {
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        return svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") && $0.contains("stroke=\"\(color)\"") }
            .flatMap { line -> [Double] in
                guard let points = line.components(separatedBy: "points=\"").last?.split(separator: "\"").first else { return [] }
                return points.split(separator: " ").compactMap { pair in
                    pair.split(separator: ",").last.flatMap { Double($0) }.map { (312 - $0) / 276 * top }
                }
            }
    }

    static func counts(in text: String, after prefix: String) -> (requests: Int, errors: Int)? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(prefix) }),
            let rest = line.components(separatedBy: prefix).last
        else { return nil }
        let words = rest.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
        guard words.count >= 4, let requests = Int(words[0]), words[1] == "requests", let errors = Int(words[2]), words[3] == "5xx"
        else { return nil }
        return (requests, errors)
    }

    /// Within 2 % of `expected`, rounded up to whole requests.
    static func agree(_ value: Int, _ expected: Int) -> Bool {
        abs(value - expected) <= Int((Double(expected) * 0.02).rounded(.up))
    }

    @Test(.timeLimit(.minutes(1))) func sigtermStopsEverythingInOrder() throws {
        let run = try DemoRun(arguments: ["--headless", "--speed", "2"])
        defer { run.cleanUp() }
        try #require(run.waitForOutput("deploy-bot", timeout: 30), "output:\n\(run.output)")
        let haproxy = try #require(run.haproxyPID)
        #expect(kill(-haproxy, 0) == 0, "HAProxy should run before the signal")
        run.process.terminate()  // SIGTERM
        let status = run.waitForExit(timeout: 15)
        #expect(status == 128 + SIGTERM, "output:\n\(run.output)")
        #expect(run.leftovers().isEmpty, "still running: \(run.leftovers())")
        #expect(!FileManager.default.fileExists(atPath: run.labDirectory ?? "/nonexistent"))
        #expect(!FileManager.default.fileExists(atPath: run.demoFolder ?? "/nonexistent"))
    }

    @Test(.timeLimit(.minutes(1))) func aKilledDemoTakesHAProxyWithIt() throws {
        let run = try DemoRun(arguments: ["--headless", "--speed", "2"])
        defer { run.cleanUp() }
        try #require(run.waitForOutput("Steady state", timeout: 30), "output:\n\(run.output)")
        let haproxy = try #require(run.haproxyPID)
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.waitForExit(timeout: 10)
        // The watchdog's lifeline closed with the demo: HAProxy's group goes away by itself.
        _ = ProcessExit.wait(for: run.leftovers().compactMap { Int32($0.prefix { $0.isNumber }) }, until: Deadline(seconds: 5))
        #expect(run.leftovers().isEmpty, "still running after the demo was killed: \(run.leftovers()) (group \(haproxy))")
    }

    /// Without Prometheus (or Alertmanager) the demo runs as before and says how to get the chain.
    @Test(.timeLimit(.minutes(1))) func withoutPrometheusTheDemoRunsAndSaysHowToGetTheAlertChain() throws {
        let run = try DemoRun(arguments: ["--headless", "--speed", "20"], environment: ["POSTMOTERM_PROMETHEUS": "/nonexistent/prometheus"])
        defer { run.cleanUp() }
        #expect(run.waitForExit(timeout: 45) == 0, "output:\n\(run.output)")
        let output = run.output
        #expect(output.contains("  alerts:   off — install prometheus and prometheus-alertmanager (scripts/setup does) to see the alert chain"), "output:\n\(output)")
        #expect(!output.contains("[alert]"), "output:\n\(output)")
        #expect(output.contains("milestones: time to detect not known, to acknowledge not known"), "output:\n\(output)")
        #expect(run.leftovers().isEmpty, "still running: \(run.leftovers())")
    }

    /// With Prometheus and without Alertmanager the demo runs Prometheus alone (it scrapes the
    /// backends for the console's CPU, MEM and P95 columns), says how to get the alert chain, and
    /// leaves nothing running.
    @Test(.timeLimit(.minutes(1)), .enabled(if: PrometheusServer.isInstalled))
    func withoutAlertmanagerPrometheusStillScrapesTheBackends() throws {
        let run = try DemoRun(arguments: ["--headless", "--speed", "20"], environment: ["POSTMOTERM_ALERTMANAGER": "/nonexistent/alertmanager"])
        defer { run.cleanUp() }
        #expect(run.waitForExit(timeout: 45) == 0, "output:\n\(run.output)")
        let output = run.output
        #expect(output.contains("  alerts:   off — install prometheus-alertmanager (scripts/setup does) to see the alert chain"), "output:\n\(output)")
        #expect(output.contains("  metrics:  Prometheus http://127.0.0.1:") && output.contains("scrapes the backends"), "output:\n\(output)")
        #expect(!output.contains("[alert]"), "output:\n\(output)")
        #expect(run.alertFolders.count == 1, "output:\n\(output)")
        for folder in run.alertFolders {
            #expect(!FileManager.default.fileExists(atPath: folder), "Prometheus's folder \(folder) is left")
        }
        #expect(run.leftovers().isEmpty, "still running: \(run.leftovers())")
    }

    @Test func withoutHAProxyItSaysHowToInstallItAndExits2() throws {
        let run = try DemoRun(arguments: ["--headless"], environment: ["POSTMOTERM_HAPROXY": "/nonexistent/haproxy"])
        defer { run.cleanUp() }
        #expect(run.waitForExit(timeout: 20) == 2)
        let lines = run.errorOutput.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(run.errorOutput)")
        #expect(run.errorOutput.contains("install it with: apt-get install haproxy (as root"))
    }
}

/// One run of `postmoterm demo` in a temporary working directory, its output collected.
final class DemoRun: @unchecked Sendable {
    let process = Process()
    let directory: URL
    private let outputFile: URL
    private let errorFile: URL
    /// Woken by the demo's output (files in `directory`) and by its end (`ended` is touched).
    private let changes: DirectoryChanges
    private let endedLock = NSLock()
    private var endedFlag = false
    private var ended: Bool { endedLock.withLock { endedFlag } }

    init(arguments: [String], environment: [String: String] = [:]) throws {
        let binary = try #require(ConsoleBinary.locate(), "build postmoterm first (swift build)")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-demo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        outputFile = directory.appendingPathComponent("stdout.txt")
        errorFile = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        var playbook: [String] = []
        if let found = Self.repositoryPlaybook() { playbook = ["--playbook", found] }
        process.arguments = ["demo"] + arguments + ["--data-dir", directory.appendingPathComponent("data").path] + playbook
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        changes = try DirectoryChanges(directory: directory.path)
        let endedFile = directory.appendingPathComponent("ended").path
        process.terminationHandler = { [endedLock] _ in
            endedLock.withLock { self.endedFlag = true }
            _ = FileManager.default.createFile(atPath: endedFile, contents: nil)
        }
        try process.run()
    }

    var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// HAProxy's pid (= its process group), as the demo prints it.
    var haproxyPID: Int32? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("haproxy:  pid ") }) else { return nil }
        return line.components(separatedBy: "pid ").dropFirst().first?.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// The demo's private folder, as printed.
    var labDirectory: String? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("files in ") }) else { return nil }
        return line.components(separatedBy: "files in ").last.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The alert chain's folders (Prometheus's, Alertmanager's), as printed; empty without it.
    var alertFolders: [String] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("            files in ") }) else { return [] }
        return line.dropFirst("            files in ".count).components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The demo's own private folder, as printed.
    var demoFolder: String? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("  folder:") }) else { return nil }
        return line.dropFirst("  folder:".count).trimmingCharacters(in: .whitespaces).components(separatedBy: " (").first
    }

    /// Live processes (not zombies) the demo started: HAProxy's process group, and anything
    /// whose command line names the demo's private folder.
    func leftovers() -> [String] {
        var found: [String] = []
        let group = haproxyPID
        let folder = labDirectory
        let alertFolders = alertFolders
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != getpid(),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X" else { continue }
            let command = ((try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data())
                .map { $0 == 0 ? " " : String(UnicodeScalar($0)) }.joined()
            if let group, Int32(fields[2]) == group {
                found.append("\(pid) (group \(group)): \(command)")
            } else if let folder, !folder.isEmpty, command.contains(folder) {
                found.append("\(pid): \(command)")
            } else if alertFolders.contains(where: { !$0.isEmpty && command.contains($0) }) {
                found.append("\(pid): \(command)")
            }
        }
        return found
    }

    /// Waits for the demo to end, at most `timeout` seconds (then kills it); its exit status.
    func waitForExit(timeout: Double) -> Int32? {
        if !changes.wait(until: Deadline(seconds: timeout), { ended }) {
            Issue.record("the demo did not end within \(timeout)s; output:\n\(output)")
            process.terminate()
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Waits until the output contains `text`.
    func waitForOutput(_ text: String, timeout: Double) -> Bool {
        _ = changes.wait(until: Deadline(seconds: timeout)) { output.contains(text) || ended }
        return output.contains(text)
    }

    func cleanUp() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if let group = haproxyPID, kill(-group, 0) == 0 { kill(-group, SIGKILL) }
        // A demo killed with SIGKILL cannot remove its folder: the test does.
        for folder in [labDirectory, demoFolder].compactMap({ $0 })
        where folder.contains("postmoterm-haproxy-") || folder.contains("postmoterm-demo-") {
            try? FileManager.default.removeItem(atPath: folder)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// `playbooks/api-outage-load-balancer.md` of this checkout (the tests run from the package root).
    static func repositoryPlaybook() -> String? {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent("playbooks/api-outage-load-balancer.md")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return nil
    }
}
