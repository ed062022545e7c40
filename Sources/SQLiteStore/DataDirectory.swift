import Foundation
import PostmotermCore

/// Where postmoterm keeps its database: `--data-dir`, else `$POSTMOTERM_DATA_DIR`, else
/// `$XDG_STATE_HOME/postmoterm`, else `~/.local/state/postmoterm`.
public enum DataDirectory {
    /// The directory to use, from an explicit choice and the environment. Never touches the disk.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit { return expandTilde(explicit, environment: environment) }
        if let fromEnvironment = environment["POSTMOTERM_DATA_DIR"], !fromEnvironment.isEmpty {
            return expandTilde(fromEnvironment, environment: environment)
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return (state as NSString).appendingPathComponent("postmoterm")
        }
        return (home(environment) as NSString).appendingPathComponent(".local/state/postmoterm")
    }

    /// Creates `path` (and missing parents) with mode 0700 when it does not exist, and checks that
    /// it is a directory this process can write to. An existing directory keeps its mode.
    static func prepare(_ path: String) throws(IncidentStoreError) {
        guard !path.isEmpty else { throw .dataDirectoryUnusable(path: "\"\"", reason: "the path is empty") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .dataDirectoryUnusable(path: path, reason: "it exists and is not a directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .dataDirectoryUnusable(path: path, reason: "cannot create it (\(reason(error)))")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw .dataDirectoryUnusable(path: path, reason: "not writable by this user")
        }
    }

    /// For readers: `path` is a directory, or nothing yet (then there is no log to read);
    /// refuses anything else without creating or changing a thing.
    static func checkReadable(_ path: String) throws(IncidentStoreError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw .dataDirectoryUnusable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .dataDirectoryUnusable(path: path, reason: "it exists and is not a directory")
        }
    }

    /// One line for each of `directory` and `database` that any user may write (o+w; a sticky
    /// directory such as /tmp excepted for the directory).
    static func permissionWarnings(directory: String, database: String) -> [String] {
        var warnings: [String] = []
        var status = stat()
        if stat(directory, &status) == 0, status.st_mode & S_IWOTH != 0, status.st_mode & S_ISVTX == 0 {
            warnings.append("warning: data directory \(directory) is writable by every user (mode \(String(status.st_mode & 0o7777, radix: 8))); consider `chmod o-w` on it")
        }
        if lstat(database, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & S_IWOTH != 0 {
            warnings.append("warning: database \(database) is writable by every user (mode \(String(status.st_mode & 0o7777, radix: 8))); consider `chmod 600` on it")
        }
        return warnings
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }

    private static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    private static func expandTilde(_ path: String, environment: [String: String]) -> String {
        if path == "~" { return home(environment) }
        if path.hasPrefix("~/") { return (home(environment) as NSString).appendingPathComponent(String(path.dropFirst(2))) }
        return path
    }
}
