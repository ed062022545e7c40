import Foundation
import PostmotermCore
import Synchronization

/// Loads playbooks from disk: reads the file (bounded), checks its bytes, splits off and parses
/// the front matter, parses the markdown with cmark-gfm and hands the tree to ``PlaybookBuilder``.
///
/// ```swift
/// let result = PlaybookLoader.load(path: "playbooks/api-outage-load-balancer.md")
/// if let playbook = result.playbook, !result.hasErrors { … }
/// for diagnostic in result.diagnostics { print(diagnostic) }   // path:line:column: error: …
/// ```
public enum PlaybookLoader {
    /// Loads the file at `path`. Never throws and never reads more than
    /// ``PlaybookFileText/maximumByteCount`` + 1 bytes; only regular files are opened.
    public static func load(path: String) -> PlaybookLoadResult {
        switch readFile(path) {
        case .success(let bytes):
            return load(bytes: bytes, path: path)
        case .failure(let diagnostic):
            return PlaybookLoadResult(path: path, playbook: nil, diagnostics: [diagnostic])
        }
    }

    /// Loads a playbook from its raw bytes; `path` is only used in diagnostics.
    public static func load(bytes: [UInt8], path: String) -> PlaybookLoadResult {
        switch PlaybookFileText.decode(bytes, path: path) {
        case .failure(let diagnostic):
            return PlaybookLoadResult(path: path, playbook: nil, diagnostics: [diagnostic])
        case .success(let text):
            return build(text: text, bytes: bytes, path: path)
        }
    }

    /// Loads a playbook from text already in memory (tests, the console's reload).
    public static func load(contents: String, path: String) -> PlaybookLoadResult {
        load(bytes: Array(contents.utf8), path: path)
    }

    /// Loads every path: files as they are, folders recursively (their `*.md` files, sorted).
    /// A path that does not exist (or loops), and every folder that cannot be read, gives an
    /// error result.
    public static func loadAll(paths: [String]) -> [PlaybookLoadResult] {
        var results: [PlaybookLoadResult] = []
        for path in paths {
            let found = PlaybookFiles.expand(path)
            results.append(contentsOf: found.files.map { load(path: $0) })
            results.append(contentsOf: found.errors.map { PlaybookLoadResult(path: $0.path, playbook: nil, diagnostics: [$0]) })
        }
        return results
    }

    // MARK: -

    /// The playbook of `text` (the decoded `bytes`); the SHA-256 of `bytes` is computed on
    /// another core while a large text is parsed. No playbook when the front matter or a table
    /// would cost more than a 4 MiB file may (``FrontMatterReader/maximumAliasCount``,
    /// ``MarkdownTableLimits``, ``MarkdownDensityLimits``): those are refused before a parser
    /// sees them.
    static func build(text: String, bytes: [UInt8], path: String) -> PlaybookLoadResult {
        let split = FrontMatterSplit(text: text)
        var diagnostics: [SourceDiagnostic] = []
        var entries: [FrontMatterEntry] = []
        var hasFrontMatter = false
        var body = split.body
        switch split {
        case .none:
            break
        case .found(let block, _):
            if let refusal = FrontMatterReader.aliasRefusal(block, path: path) {
                return PlaybookLoadResult(path: path, playbook: nil, diagnostics: [refusal])
            }
            hasFrontMatter = true
            let read = FrontMatterReader.read(block, path: path)
            entries = read.entries
            diagnostics += read.diagnostics
        case .unterminated:
            hasFrontMatter = true
            diagnostics.append(.error("unterminated front matter: the '---' on line 1 has no closing '---'", path: path, line: 1, column: 1))
            // Parse what follows the opening fence so steps still load.
            body = "\n" + text.drop { $0 != "\n" && $0 != "\r\n" }.dropFirst()
        }
        if let refusal = MarkdownTableLimits.check(body, path: path) ?? MarkdownDensityLimits.check(body, path: path) {
            return PlaybookLoadResult(path: path, playbook: nil, diagnostics: [refusal])
        }
        let digest = Mutex<String>("")
        let document = CmarkDocumentReader.parse(body, alongside: {
            let hex = SHA256.hex(of: bytes)
            digest.withLock { $0 = hex }
        })
        let playbook = PlaybookBuilder(path: path).build(
            document: document, frontMatter: entries, hasFrontMatter: hasFrontMatter,
            digest: digest.withLock { $0 }, diagnostics: diagnostics
        )
        // The builder keeps nothing of the tree: a large one is freed on all cores.
        if body.utf8.count >= CmarkDocumentReader.sectionedByteCount {
            document.releaseConcurrently()
        }
        return PlaybookLoadResult(path: path, playbook: playbook, diagnostics: playbook.diagnostics)
    }

    /// The bytes of a regular file, at most one more than the limit (so "too large" is known).
    static func readFile(_ path: String) -> Result<[UInt8], SourceDiagnostic> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(.error("cannot read file: \(String(cString: strerror(errno)))", path: path, line: 1))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.error("not a regular file", path: path, line: 1))
        }
        if Int(info.st_size) > PlaybookFileText.maximumByteCount {
            return .failure(PlaybookFileText.tooLarge(byteCount: Int(info.st_size), path: path))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            return .failure(.error("cannot read file: \(String(cString: strerror(errno)))", path: path, line: 1))
        }
        defer { close(fd) }
        let limit = PlaybookFileText.maximumByteCount + 1
        var bytes = [UInt8](repeating: 0, count: min(limit, max(Int(info.st_size) + 1, 4096)))
        var count = 0
        while count < limit {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit - bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.error("cannot read file: \(String(cString: strerror(errno)))", path: path, line: 1))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }
}
