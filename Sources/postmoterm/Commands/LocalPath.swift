import Foundation

/// Paths as incidents record them.
enum LocalPath {
    /// `path` made absolute (from the current directory) and standardized: the form an incident
    /// stores for its playbook and `export` events for the files they wrote, so a later command
    /// run from another folder finds the same file.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
