import Foundation

/// Where the playbooks shipped with postmoterm are: `share/postmoterm/playbooks` beside an
/// installed binary, the repository's `playbooks/` beside a built one (`.build/debug/…`), else
/// `./playbooks`. Nil when none exists.
enum ShippedPlaybooks {
    static func folder() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            executable.appendingPathComponent("../share/postmoterm/playbooks").standardizedFileURL.path,
            executable.appendingPathComponent("../../playbooks").standardizedFileURL.path,
            executable.appendingPathComponent("../../../playbooks").standardizedFileURL.path,
            FileManager.default.currentDirectoryPath + "/playbooks",
        ]
        return candidates.first { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }
}
