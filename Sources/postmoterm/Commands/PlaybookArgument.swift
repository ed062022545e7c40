import Foundation
import MarkdownAdapter

/// A playbook named on the command line (`open PLAYBOOK`, `start --playbook FILE`) as a tired
/// responder types it: a path, or just the name of one of the playbooks postmoterm knows (the
/// shipped `playbooks/`, `$XDG_DATA_HOME/postmoterm/playbooks`), with or without `.md`.
struct PlaybookArgument {
    /// The file to load: the path given when it exists, else the one playbook of that name in
    /// the known folders, else the path given (whose load then fails with its own error).
    let path: String
    /// What to tell the responder on stderr: which file a bare name was taken to mean, or, when
    /// nothing matched, which playbooks there are.
    let note: String?

    /// Locates `given` (see the type); `folders` are searched in order.
    static func locate(_ given: String, folders: [String] = RunbookCatalog.folders(given: [], shipped: ShippedPlaybooks.folder())) -> PlaybookArgument {
        let absolute = LocalPath.absolute(given)
        if FileManager.default.fileExists(atPath: absolute) { return PlaybookArgument(path: absolute, note: nil) }
        let name = (given as NSString).lastPathComponent
        let wanted = name.hasSuffix(".md") ? name : name + ".md"
        let known = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
                .filter { $0.hasSuffix(".md") && $0 != "README.md" }
                .map { (folder as NSString).appendingPathComponent($0) }
        }
        if let match = known.first(where: { ($0 as NSString).lastPathComponent == wanted }) {
            return PlaybookArgument(path: LocalPath.absolute(match), note: "→ playbook \(match) (\(given) is not a file here)")
        }
        guard !known.isEmpty else { return PlaybookArgument(path: absolute, note: nil) }
        // Close names first (one contains the other), then the rest.
        let stem = String(wanted.dropLast(3)).lowercased()
        let names = known.map { ($0 as NSString).lastPathComponent }
        let close = names.filter { let other = $0.dropLast(3).lowercased(); return other.contains(stem) || stem.contains(other) }
        let listed = (close.isEmpty ? names : close).map { String($0.dropLast(3)) }.joined(separator: ", ")
        let folderList = folders.joined(separator: ", ")
        let hint = close.isEmpty ? "playbooks known in \(folderList): \(listed)" : "did you mean \(listed)? (in \(folderList))"
        return PlaybookArgument(path: absolute, note: hint)
    }
}
