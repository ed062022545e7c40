import ArgumentParser
import Foundation
import LoopbackLab
import MarkdownAdapter
import PostmotermCore

/// `postmoterm-bench playbook`: the playbook budgets of issue #2 — parse and validate a generated
/// 10,000-step playbook (≤ 50 ms) and the wall time of `postmoterm check playbooks/` (≤ 50 ms).
struct PlaybookBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "Measures playbook parse+validate (10,000 steps) and `postmoterm check playbooks/` wall time.",
        discussion: """
            Run in a release build:
              swift build -c release
              $(swift build -c release --show-bin-path)/postmoterm-bench playbook
            Each measurement is reported as wall time and as CPU time: on a shared, loaded
            machine the wall time includes waiting for a CPU. The parse's CPU time is that of
            the whole process (every thread): a large playbook is parsed on all cores, so its
            CPU time is larger than its wall time on an idle machine. Exits 1 when both medians
            of a measurement are over the budget.
            """
    )

    @Option(help: "Steps in the generated playbook.") var steps = 10_000
    @Option(help: "Timed parse+validate runs (after 3 warm-ups).") var iterations = 30
    @Option(help: "Timed runs of `postmoterm check`.") var runs = 30
    @Option(help: "The postmoterm binary (default: next to this one).") var binary: String?
    @Option(help: "The folder `check` is timed on.") var playbooks = "playbooks"
    @Option(help: "Budget for each measurement, in milliseconds.") var budget = 50.0

    func run() throws {
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("load average: \(load.split(separator: " ").prefix(3).joined(separator: " ")) (\(ProcessInfo.processInfo.activeProcessorCount) CPUs); wall times include waiting for a CPU, CPU times do not and add up all threads")
        }
        var withinBudget = true
        withinBudget = measureParse() && withinBudget
        withinBudget = try measureCheck() && withinBudget
        if !withinBudget { throw ExitCode(1) }
    }

    /// Parse + validate (SHA-256, front matter, cmark-gfm, build) of a generated playbook.
    private func measureParse() -> Bool {
        let markdown = GeneratedPlaybook.text(steps: steps)
        let bytes = Array(markdown.utf8)
        var stepCount = 0
        for _ in 0..<3 { stepCount = PlaybookLoader.load(bytes: bytes, path: "generated.md").playbook?.allSteps.count ?? 0 }
        guard stepCount == steps else {
            print("parse: generated playbook yielded \(stepCount) steps, expected \(steps)")
            return false
        }
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        for _ in 0..<max(1, iterations) {
            let cpuStart = Self.processCPUMilliseconds()
            let start = ContinuousClock.now
            let result = PlaybookLoader.load(bytes: bytes, path: "generated.md")
            samples.append(Self.milliseconds(ContinuousClock.now - start))
            cpuSamples.append(Self.processCPUMilliseconds() - cpuStart)
            precondition(!result.hasErrors, "generated playbook must be valid")
        }
        let name = "parse+validate \(steps)-step playbook (\(bytes.count / 1024) KiB)"
        let wallOK = report(name + ", wall", samples)
        let cpuOK = report(name + ", CPU (all threads)", cpuSamples)
        return wallOK || cpuOK
    }

    /// Wall time of the real binary: spawn, load every playbook, print, exit.
    private func measureCheck() throws -> Bool {
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("postmoterm").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            print("check: no postmoterm binary at \(executable) (build it, or pass --binary)")
            return false
        }
        var samples: [Double] = []
        var cpuSamples: [Double] = []
        for run in 0..<(max(1, runs) + 2) {
            let cpuBefore = Self.childrenCPUMilliseconds()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["check", playbooks]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            let elapsed = Self.milliseconds(ContinuousClock.now - start)
            guard process.terminationStatus == 0 else {
                print("check: `postmoterm check \(playbooks)` exited \(process.terminationStatus)")
                return false
            }
            if run >= 2 {  // two warm-up runs fill the page cache
                samples.append(elapsed)
                cpuSamples.append(Self.childrenCPUMilliseconds() - cpuBefore)
            }
        }
        let wallOK = report("postmoterm check \(playbooks) (\(samples.count) runs), wall", samples)
        let cpuOK = report("postmoterm check \(playbooks) (\(samples.count) runs), CPU (user+sys)", cpuSamples)
        return wallOK || cpuOK
    }

    private func report(_ name: String, _ samples: [Double]) -> Bool {
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
        let ok = median <= budget
        print(String(format: "%@: median %.2f ms, p95 %.2f ms, min %.2f ms, budget %.0f ms: %@",
                     name, median, p95, sorted[0], budget, ok ? "PASS" : "FAIL"))
        return ok
    }

    /// CPU time of this process, all threads (the parse of a large playbook uses every core).
    private static func processCPUMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }

    /// User + system CPU time of all waited-for children so far.
    private static func childrenCPUMilliseconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
