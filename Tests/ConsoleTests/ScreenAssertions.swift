import Console
import Foundation
import Testing

/// Compares a rendered screen with `Screens/<name>.txt`.
///
/// `UPDATE_SCREENS=1 swift test --filter ConsoleTests` rewrites the files; a missing file is
/// written and the test fails, so a new screen is always looked at once.
func expectScreen(_ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")
    let file = directory.appendingPathComponent(name + ".txt")
    let actual = buffer.text() + "\n"
    let update = ProcessInfo.processInfo.environment["UPDATE_SCREENS"] == "1"
    guard !update, let expected = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        if !update {
            Issue.record("No expected screen \(name).txt: recorded it, check it and rerun", sourceLocation: sourceLocation)
        }
        return
    }
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var report = "Screen \(name) differs:\n"
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let left = index < expectedLines.count ? String(expectedLines[index]) : "<none>"
            let right = index < actualLines.count ? String(actualLines[index]) : "<none>"
            if left != right { report += "row \(index)\n  expected: |\(left)|\n  actual:   |\(right)|\n" }
        }
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
}
