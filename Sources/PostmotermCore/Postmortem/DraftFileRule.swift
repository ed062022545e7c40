/// The one rule for writing a postmortem draft over a file, shared by `export --output` and the
/// console's `e`: postmoterm overwrites only a file that is exactly what it last wrote there.
/// A file a responder edited since (or one postmoterm never wrote) is kept; the CLI then refuses
/// unless `--force`, and the console writes beside it (`postmortem-ID-2.md`, `-3` …).
///
/// What postmoterm wrote is known from the incident's `export` events: their `path` and `sha256`
/// (of the bytes written).
public enum DraftFileRule {
    /// How many numbered alternatives the console tries beside the preferred name.
    public static let alternatives = 99

    /// Whether a draft may be written to `path` (absolute), whose current content has the SHA-256
    /// `existing` (hex; nil when there is no file), given the incident's `events`.
    public static func mayOverwrite(path: String, existing: String?, events: [Event]) -> Bool {
        guard let existing else { return true }
        return lastWritten(to: path, in: events) == existing
    }

    /// The SHA-256 of what postmoterm last wrote to `path`, if it ever did.
    public static func lastWritten(to path: String, in events: [Event]) -> String? {
        events.last { $0.kind == .export && $0.data["path"] == path && $0.data["sha256"] != nil }?.data["sha256"]
    }

    /// `postmortem-ID.md`, `postmortem-ID-2.md`, … : the candidates for the console's draft,
    /// `preferred` first.
    public static func candidates(for preferred: String) -> [String] {
        let stem = preferred.hasSuffix(".md") ? String(preferred.dropLast(3)) : preferred
        let suffix = preferred.hasSuffix(".md") ? ".md" : ""
        return [preferred] + (2...(alternatives + 1)).map { "\(stem)-\($0)\(suffix)" }
    }

    /// The first of ``candidates(for:)`` that may be written, given each candidate's current
    /// digest (`existing(path)`, nil when there is no file); nil when every one holds edits.
    public static func target(preferred: String, events: [Event], existing: (String) -> String?) -> String? {
        candidates(for: preferred).first { mayOverwrite(path: $0, existing: existing($0), events: events) }
    }
}
