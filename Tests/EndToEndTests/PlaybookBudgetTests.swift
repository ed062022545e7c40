import Foundation
import LoopbackLab
import Testing

/// Issue 18.3's budget, asserted where a wall clock cannot make it flaky: `postmoterm check` on
/// each pathological playbook runs under `prlimit` with 256 MB of address space and a CPU-time
/// limit, and must end with a verdict (exit 0 or 1), not be killed. The CPU limit is generous for
/// the debug build the tests run (the release figures are in the README, "Limits").
@Suite(.serialized) struct PlaybookBudgetTests {
    static let addressSpace = 256 * 1024 * 1024
    static let cpuSeconds = 10

    /// The inputs: name, text, whether `check` accepts it.
    static func inputs() -> [(String, String, Bool)] {
        let columns = 10_000
        let wide = "## Fix\n\n- [ ] x\n\n|" + Array(repeating: "h", count: columns).joined(separator: "|") + "|\n|"
            + Array(repeating: "-", count: columns).joined(separator: "|") + "|\n" + String(repeating: "|x|\n", count: 5_000)
        let padded = "## Fix\n\n- [ ] x\n\n|" + Array(repeating: "h", count: 256).joined(separator: "|") + "|\n|"
            + Array(repeating: "-", count: 256).joined(separator: "|") + "|\n" + String(repeating: "|x|\n", count: 380)
        let fullRow = "|" + Array(repeating: "x", count: 256).joined(separator: "|") + "|\n"
        let fullTable = "## Fix\n\n- [ ] x\n\n" + fullRow + "|" + Array(repeating: "-", count: 256).joined(separator: "|") + "|\n"
            + String(repeating: fullRow, count: (4 << 20) / fullRow.utf8.count - 4)
        var bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip(["b", "c", "d", "e", "f", "g"], ["a", "b", "c", "d", "e", "f"]) {
            bomb += "\(name): &\(name) [" + Array(repeating: "*" + previous, count: 9).joined(separator: ",") + "]\n"
        }
        bomb += "---\n## Fix\n\n- [ ] x\n"
        return [
            ("wide-table.md", wide, false),
            ("padded-table.md", padded, true),
            ("alias-bomb.md", bomb, false),
            ("full-table.md", fullTable, false),
            ("task-items.md", "## Fix\n\n" + String(repeating: "- [ ] x\n", count: (4 << 20) / 8 - 2), false),
            ("nested-quotes.md", "## Fix\n\n- [ ] x\n\n" + String(repeating: ">", count: (4 << 20) - 64) + " y\n", false),
            ("emphasis.md", "## Fix\n\n- [ ] " + String(repeating: "*a **", count: (4 << 20) / 6), false),
            ("links.md", "## Fix\n\n- [ ] " + String(repeating: "[a](", count: (4 << 20) / 8), false),
            ("generated-10000-steps.md", GeneratedPlaybook.text(steps: 10_000), true),
            ("identical-steps.md", "## Fix\n\n" + String(repeating: "- [ ] Restart the api.\n", count: 50_000), true),
        ]
    }

    @Test(.timeLimit(.minutes(3))) func everyPathologicalPlaybookIsJudgedWithinTheBudget() throws {
        guard let binary = ConsoleBinary.locate() else {
            Issue.record("postmoterm is not built next to the tests")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text, accepted) in Self.inputs() {
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--as=\(Self.addressSpace)", "--cpu=\(Self.cpuSeconds)", binary, "check", "-q", path]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "\(name): killed by signal \(process.terminationStatus)")
            #expect(process.terminationStatus == (accepted ? 0 : 1), "\(name): \(stderr)")
            if !accepted { #expect(stderr.hasPrefix(path + ":"), "\(name): the diagnostic names the file: \(stderr)") }
        }
    }
}
