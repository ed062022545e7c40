import Foundation
import PostmotermCore

/// Reads postmoterm's config file (``PostmotermConfiguration``) with the same YAML reader as a
/// playbook's front matter, so its diagnostics carry the file and line the same way:
/// `~/.config/postmoterm/config.yaml:3:1: warning: unknown key 'metric' …`.
public enum ConfigurationFile {
    /// The most a config file may hold: a few lines are expected.
    public static let maximumByteCount = 1 << 20

    /// The configuration of the file for `environment` (``PostmotermConfiguration/path(environment:)``);
    /// an empty one when there is no such file.
    public static func load(environment: [String: String]) -> (configuration: PostmotermConfiguration, diagnostics: [SourceDiagnostic]) {
        guard let path = PostmotermConfiguration.path(environment: environment) else { return (PostmotermConfiguration(), []) }
        return load(path: path)
    }

    /// The configuration of the file at `path`; an empty one when it does not exist.
    public static func load(path: String) -> (configuration: PostmotermConfiguration, diagnostics: [SourceDiagnostic]) {
        guard FileManager.default.fileExists(atPath: path) else { return (PostmotermConfiguration(), []) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return (PostmotermConfiguration(), [.error("cannot read the config file", path: path, line: 1)])
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumByteCount + 1)) ?? Data()
        guard data.count <= maximumByteCount else {
            return (PostmotermConfiguration(), [.error("the config file is larger than \(maximumByteCount >> 20) MiB", path: path, line: 1)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (PostmotermConfiguration(), [.error("the config file is not UTF-8 text", path: path, line: 1)])
        }
        return parse(text, path: path)
    }

    /// The configuration `text` gives; `path` is only used in diagnostics.
    public static func parse(_ text: String, path: String) -> (configuration: PostmotermConfiguration, diagnostics: [SourceDiagnostic]) {
        // Lines of text (a last line without its newline counts); the "closing line" follows them.
        let newlines = text.reduce(into: 0) { count, character in if character.isNewline { count += 1 } }
        let lineCount = newlines + (text.isEmpty || text.last?.isNewline == true ? 0 : 1)
        let block = FrontMatterBlock(yaml: text, firstLine: 1, closingLine: lineCount + 1)
        if let refusal = FrontMatterReader.aliasRefusal(block, path: path, in: "the config file") {
            return (PostmotermConfiguration(), [refusal])
        }
        let read = FrontMatterReader.read(block, path: path, in: "the config file")
        let (configuration, diagnostics) = PostmotermConfiguration.read(read.entries, path: path)
        return (configuration, read.diagnostics + diagnostics)
    }
}
