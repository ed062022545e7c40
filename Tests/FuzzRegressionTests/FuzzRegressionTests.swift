import Foundation
import FuzzTargets
import Testing

/// Every input the fuzzer ever found a crash, hang or runaway allocation with
/// (`Fuzz/Regressions/<target>/`, kept by `scripts/fuzz`), run through its target again: in
/// `swift test`, without libFuzzer. The seed corpus (`Fuzz/Corpus/<target>/`) runs too.
@Suite struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ kind: String) -> [(FuzzTarget, URL)] {
        var found: [(FuzzTarget, URL)] = []
        for target in FuzzTarget.allCases {
            let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files.sorted(by: { $0.path < $1.path }) where !file.lastPathComponent.hasPrefix(".") {
                found.append((target, file))
            }
        }
        return found
    }

    @Test(.timeLimit(.minutes(1)))
    func everyKeptCrashInputNowPasses() throws {
        for (target, file) in Self.inputs("Regressions") {
            target.run(Array(try Data(contentsOf: file)))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func everySeedInputPasses() throws {
        let inputs = Self.inputs("Corpus")
        #expect(Set(inputs.map(\.0)) == Set(FuzzTarget.allCases), "every target has seeds in Fuzz/Corpus")
        for (target, file) in inputs {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
