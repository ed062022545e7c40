import Foundation
import PostmotermCore

/// The current incident of this user (`postmoterm use ID`): a one-line file in the data
/// directory, `current-incident-<uid>`, so people sharing a data directory each keep their own.
public struct CurrentIncidentFile: Sendable {
    /// The file.
    public let path: String

    public init(directory: String, userID: UInt32 = getuid()) {
        path = (directory as NSString).appendingPathComponent("current-incident-\(userID)")
    }

    /// The id recorded, or nil when none is (or the file does not hold an id).
    public func read() -> IncidentID? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return IncidentID(rawValue: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Records `id` (replacing the file atomically, mode 0600).
    public func write(_ id: IncidentID) throws(IncidentStoreError) {
        do {
            try DataDirectory.prepare((path as NSString).deletingLastPathComponent)
            try Data((id.rawValue + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch let error as IncidentStoreError {
            throw error
        } catch {
            throw .dataDirectoryUnusable(
                path: (path as NSString).deletingLastPathComponent, reason: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Forgets the current incident; nothing to do when none is set.
    public func clear() throws(IncidentStoreError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw .dataDirectoryUnusable(
                path: (path as NSString).deletingLastPathComponent, reason: "cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }
}
