import Foundation

/// Finds the demo's playbook, `playbooks/api-outage-load-balancer.md` (or another file of the
/// repository, such as ``rulesPath``): in the current directory, or in a parent of the
/// executable (`swift run` and `.build/debug/postmoterm` inside the repository), or next to an
/// installed binary (`../share/postmoterm/playbooks/`).
enum DemoPlaybookLocator {
    static let relativePath = "playbooks/api-outage-load-balancer.md"
    /// The alert rules the demo's Prometheus evaluates.
    static let rulesPath = "alerting/rules.yml"

    /// The running binary's real path (`/proc/self/exe`): `argv[0]` is only `postmoterm` when
    /// the shell found it on the PATH, which would point the search at the current directory.
    static var runningExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
    }

    static func find(
        _ relativePath: String = DemoPlaybookLocator.relativePath,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = DemoPlaybookLocator.runningExecutable, currentDirectoryFirst: Bool = true
    ) -> String? {
        var candidates = currentDirectoryFirst ? [(currentDirectory as NSString).appendingPathComponent(relativePath)] : []
        var directory = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        if !directory.hasPrefix("/") {
            directory = (currentDirectory as NSString).appendingPathComponent(directory)
        }
        candidates.append(((directory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("share/postmoterm/" + relativePath))
        while directory.count > 1 {
            candidates.append((directory as NSString).appendingPathComponent(relativePath))
            directory = (directory as NSString).deletingLastPathComponent
        }
        if !currentDirectoryFirst { candidates.append((currentDirectory as NSString).appendingPathComponent(relativePath)) }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
            .map { ($0 as NSString).standardizingPath }
    }
}
