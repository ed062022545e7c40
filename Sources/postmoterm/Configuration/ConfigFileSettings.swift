import Foundation
import MarkdownAdapter
import PostmotermCore

/// The config file (`$XDG_CONFIG_HOME/postmoterm/config.yaml`) as every command sees it: read
/// once per process with ``ConfigurationFile``; its warnings (unknown keys) go to stderr once,
/// and an error (bad YAML, a bad value, a credential written inline) ends the command with
/// exit 2 before anything else happens, naming the file and line.
enum ConfigFileSettings {
    /// The file's settings (empty when there is no file).
    static var current: PostmotermConfiguration { loaded }

    private static let loaded: PostmotermConfiguration = {
        let (configuration, diagnostics) = ConfigurationFile.load(environment: ProcessInfo.processInfo.environment)
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data("\(diagnostic.description)\n".utf8))
        }
        if diagnostics.contains(where: { $0.severity == .error }) {
            FileHandle.standardError.write(Data("postmoterm: fix the config file, or move it away\n".utf8))
            exit(2)
        }
        return configuration
    }()

    /// A path from the file, `~/` expanded.
    static func expandingTilde(_ path: String?) -> String? {
        path.map { ($0 as NSString).expandingTildeInPath }
    }
}
