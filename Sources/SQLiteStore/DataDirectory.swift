import Foundation
import PostmotermCore

/// Where postmoterm keeps its database: `--data-dir`, else `$POSTMOTERM_DATA_DIR`, else
/// `$XDG_STATE_HOME/postmoterm`, else `~/.local/state/postmoterm`.
public enum DataDirectory {
    /// The directory to use, from an explicit choice and the environment. Never touches the disk.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return expandTilde(explicit, environment: environment) }
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
