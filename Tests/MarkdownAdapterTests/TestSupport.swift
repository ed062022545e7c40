import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// Loads markdown text as the playbook file `path`.
func load(_ markdown: String, path: String = "test.md") -> PlaybookLoadResult {
    PlaybookLoader.load(contents: markdown, path: path)
}

/// The playbook of `markdown`, failing the test if the file could not be read at all.
func playbook(_ markdown: String, path: String = "test.md", sourceLocation: SourceLocation = #_sourceLocation) throws -> Playbook {
    try #require(load(markdown, path: path).playbook, sourceLocation: sourceLocation)
}

/// The package root (`Tests/MarkdownAdapterTests/TestSupport.swift` → `../..`).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary folder, removed by the caller with `removeTemporaryFolder`.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("postmoterm-md-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeTemporaryFolder(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}
