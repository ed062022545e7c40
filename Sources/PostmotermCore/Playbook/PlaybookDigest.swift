import Foundation

/// The SHA-256 of a playbook file, the one form in which digests are stored and compared.
///
/// Incidents record `sha256:<hex>`. Older databases hold bare hex (the console used to write it)
/// and `sha256:<HEX>` in any case; every spelling reads back as the same digest, so comparing two
/// digests never warns "the playbook changed" because of how one of them was written.
public struct PlaybookDigest: Sendable, Hashable, CustomStringConvertible {
    /// Lower-case hex of the 32-byte hash.
    public let hex: String

    /// A digest from its stored text (`sha256:<hex>` or bare hex, any case); nil when `text` is
    /// neither.
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.lowercased().hasPrefix(Self.prefix) { body = body.dropFirst(Self.prefix.count) }
        let hex = body.lowercased()
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.hex = hex
    }

    /// The digest of a loaded playbook (its `digest` is the file's SHA-256 in hex).
    public init?(of playbook: Playbook) {
        self.init(playbook.digest)
    }

    /// The stored form: `sha256:<hex>`.
    public var description: String { Self.prefix + hex }

    /// Whether the playbook read now differs from the one an incident recorded (`stored`, in any
    /// spelling). False when either is unknown: nothing to compare is not a change.
    public static func changed(stored: String?, current playbook: Playbook) -> Bool {
        guard let stored, let recorded = PlaybookDigest(stored), let current = PlaybookDigest(of: playbook) else {
            return false
        }
        return recorded != current
    }

    /// The stored form of a loaded playbook's digest (what an incident records), nil without one.
    public static func stored(_ playbook: Playbook?) -> String? {
        playbook.flatMap { PlaybookDigest(of: $0)?.description }
    }

    private static let prefix = "sha256:"
}
