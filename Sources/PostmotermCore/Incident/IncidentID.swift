import Foundation

/// The short, typable name of an incident: the UTC start date and a slug of the title, e.g.
/// `2026-11-25-api-outage`; a second incident with the same date and title gets `-2`, then `-3`.
///
/// Only lowercase ASCII letters, digits and single hyphens, at most 64 characters.
public struct IncidentID: RawRepresentable, Hashable, Comparable, Sendable {
    public let rawValue: String

    /// Accepts an id as typed: surrounding spaces are dropped and letters lowercased.
    /// Nil when it contains anything but letters, digits and hyphens, or is empty or too long.
    public init?(rawValue: String) {
        var normalized = ""
        for character in rawValue.lowercased() where !character.isWhitespace {
            guard character.isASCII, character.isLetter || character.isNumber || character == "-" else {
                return nil
            }
            normalized.append(character)
        }
        guard !normalized.isEmpty, normalized.count <= IncidentID.maximumLength else { return nil }
        self.rawValue = normalized
    }

    /// The longest id accepted.
    public static let maximumLength = 64
    /// The longest title slug in a generated id.
    static let maximumSlugLength = 40

    /// The id for an incident titled `title` that started at `startedAt`, before any suffix.
    public static func base(title: String, startedAt: Timestamp) -> IncidentID {
        let slug = slug(title)
        // Always valid: a date, a hyphen, and a non-empty slug of allowed characters.
        return IncidentID(uncheckedRawValue: startedAt.isoDate + "-" + (slug.isEmpty ? "incident" : slug))
    }

    /// `base` when `isTaken` says it is free, else `base-2`, `base-3`, …
    public static func unique(base: IncidentID, isTaken: (IncidentID) throws -> Bool) rethrows -> IncidentID {
        if try !isTaken(base) { return base }
        var n = 2
        while true {
            let candidate = IncidentID(uncheckedRawValue: "\(base.rawValue)-\(n)")
            if try !isTaken(candidate) { return candidate }
            n += 1
        }
    }

    /// Lowercase words of `title` joined by hyphens, cut at a word boundary to 40 characters.
    static func slug(_ title: String) -> String {
        var words: [String] = []
        var current = ""
        for character in title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > maximumSlugLength {
                if slug.isEmpty { slug = String(word.prefix(maximumSlugLength)) }
                break
            }
            slug = next
        }
        return slug
    }

    init(uncheckedRawValue: String) {
        self.rawValue = uncheckedRawValue
    }

    public static func < (lhs: IncidentID, rhs: IncidentID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension IncidentID: CustomStringConvertible {
    public var description: String { rawValue }
}

extension IncidentID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = IncidentID(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an incident id: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
