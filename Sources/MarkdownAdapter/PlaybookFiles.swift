import Foundation
import PostmotermCore

/// Finds the playbook files a command-line path stands for.
enum PlaybookFiles {
    /// `path` itself when it is a file; its `*.md` files (recursively, sorted, hidden folders and
    /// symlinked folders skipped) when it is a folder. An error for `path` when it does not
    /// exist or is a symbolic-link loop, and one for every folder under it that cannot be read
    /// (`check` then fails: a skipped folder may hold the broken playbook).
    static func expand(_ path: String) -> (files: [String], errors: [SourceDiagnostic]) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return ([], [.error(missingReason(errno), path: path, line: 1)])
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return ([path], []) }
        var files: [String] = []
        var errors: [SourceDiagnostic] = []
        walk(path, depth: 0, into: &files, errors: &errors)
        return (files, errors)
    }

    /// Why `stat` found nothing usable at a path.
    private static func missingReason(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: return "no such file or folder"
        case ELOOP: return "symbolic link loop (the link leads back to itself)"
        default: return "cannot read: \(String(cString: strerror(code)))"
        }
    }

    private static func walk(_ folder: String, depth: Int, into files: inout [String], errors: inout [SourceDiagnostic]) {
        guard depth < 32 else {
            errors.append(.error("folder nested more than 32 deep; not searched", path: folder, line: 1))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            errors.append(.error("cannot read folder\(code.map { ": " + String(cString: strerror(Int32($0))) } ?? ""); its playbooks were not checked", path: folder, line: 1))
            return
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = base + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(child, depth: depth + 1, into: &files, errors: &errors)
            case S_IFREG, S_IFLNK:
                if name.lowercased().hasSuffix(".md") { files.append(child) }
            default:
                continue
            }
        }
    }
}
