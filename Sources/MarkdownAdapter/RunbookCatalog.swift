import Foundation
import PostmotermCore

/// The playbooks an alert can resolve to: every `*.md` under the folders searched, with the alert
/// names each one's front matter claims (``RunbookResolver``).
public enum RunbookCatalog {
    /// The folders searched, in order: those given (`--playbooks DIR`), the shipped `playbooks/`
    /// (`shipped`, when given), then `$XDG_DATA_HOME/postmoterm/playbooks` (or
    /// `~/.local/share/postmoterm/playbooks`). Folders that do not exist are left out.
    public static func folders(given: [String], shipped: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/share" } ?? "")
        let all = given + (shipped.map { [$0] } ?? []) + (dataHome.isEmpty ? [] : [dataHome + "/postmoterm/playbooks"])
        var seen = Set<String>()
        return all.filter { folder in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue && seen.insert(folder).inserted
        }
    }

    /// The candidates under `folders`, in folder order; each file's front matter read for `alerts:`.
    public static func candidates(in folders: [String]) -> [RunbookResolver.Candidate] {
        folders.flatMap { folder in
            PlaybookFiles.expand(folder).files.map { path in
                let claims = PlaybookLoader.load(path: path).playbook?.metadata.alerts ?? []
                return RunbookResolver.Candidate(path: path, claims: claims)
            }
        }
    }
}
