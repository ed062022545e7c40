import Foundation

/// What a responder asked to silence from the console: one alert of one Alertmanager, for a
/// duration, with a comment. Parsed from the prompt's text `DURATION COMMENT` (`2h draining b`).
public struct SilenceOrder: Sendable, Hashable {
    /// The Alertmanager (masked address).
    public var source: String
    public var alert: Alert
    public var milliseconds: Int64
    public var comment: String

    public init(source: String, alert: Alert, milliseconds: Int64, comment: String) {
        self.source = source
        self.alert = alert
        self.milliseconds = milliseconds
        self.comment = comment
    }

    /// Why the prompt's text was refused, for the responder.
    public struct Refusal: Error, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `DURATION COMMENT`: a duration of whole units (`90s`, `30m`, `2h`, `1d`, `1h30m`),
    /// from 1 minute to 30 days, then a comment (required: Alertmanager refuses a silence without one).
    public init(source: String, alert: Alert, text: String) throws(Refusal) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let durationText = trimmed.prefix { !$0.isWhitespace }
        let comment = trimmed.dropFirst(durationText.count).trimmingCharacters(in: .whitespaces)
        guard let milliseconds = Self.milliseconds(String(durationText)) else {
            throw Refusal(description: "Give a duration first, such as 30m, 2h or 1h30m, then a comment.")
        }
        guard milliseconds >= 60_000, milliseconds <= 30 * 86_400_000 else {
            throw Refusal(description: "A silence lasts from 1m to 30d.")
        }
        guard !comment.isEmpty else { throw Refusal(description: "Say why after the duration (Alertmanager keeps the comment).") }
        self.init(source: source, alert: alert, milliseconds: milliseconds, comment: comment)
    }

    /// `1h30m` → 5,400,000; nil when it is not whole numbers each followed by d, h, m or s.
    public static func milliseconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = (number ?? 0) * 10 + Int64(digit)
                guard number! < 1_000_000 else { return nil }
                continue
            }
            guard let value = number else { return nil }
            switch character {
            case "d": total += value * 86_400_000
            case "h": total += value * 3_600_000
            case "m": total += value * 60_000
            case "s": total += value * 1000
            default: return nil
            }
            number = nil
        }
        return number == nil && total > 0 ? total : nil
    }
}
