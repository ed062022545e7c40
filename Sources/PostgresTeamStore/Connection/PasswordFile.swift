import Foundation

/// Reads a file that holds a secret (`--team-password-file`, a pgpass file), refusing one that
/// group or others may read, as libpq refuses such a pgpass file.
enum PasswordFile {
    /// The file's text. Throws when it is missing, unreadable or not mode 0600 (or stricter).
    static func read(_ path: String) throws -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw TeamSettingsError.unreadablePasswordFile(path: path, reason: "no such file")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw TeamSettingsError.passwordFileTooOpen(path: path, mode: String(format: "%04o", mode))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TeamSettingsError.unreadablePasswordFile(path: path, reason: "not readable UTF-8 text")
        }
        return text
    }
}
