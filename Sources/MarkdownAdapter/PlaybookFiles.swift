import Foundation
import PostmotermCore

/// Finds the playbook files a command-line path stands for.
enum PlaybookFiles {
    /// `path` itself when it is a file; its `*.md` files (recursively, sorted, hidden folders and
    /// symlinked folders skipped) when it is a folder; an error when it does not exist.
    static func expand(_ path: String) -> Result<[String], SourceDiagnostic> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(.error("no such file or folder", path: path, line: 1))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return .success([path]) }
        var files: [String] = []
        var unreadable: SourceDiagnostic?
        walk(path, depth: 0, into: &files, unreadable: &unreadable)
        if let unreadable, files.isEmpty { return .failure(unreadable) }
        return .success(files)
    }

    private static func walk(_ folder: String, depth: Int, into files: inout [String], unreadable: inout SourceDiagnostic?) {
        guard depth < 32 else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            unreadable = .error("cannot read folder", path: folder, line: 1)
            return
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = base + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(child, depth: depth + 1, into: &files, unreadable: &unreadable)
            case S_IFREG, S_IFLNK:
                if name.lowercased().hasSuffix(".md") { files.append(child) }
            default:
                continue
            }
        }
    }
}
