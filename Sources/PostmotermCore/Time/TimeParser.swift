/// The one parser for the times people type: `--at` of `start`, `log`, `mitigate` and
/// `resolve`, and the console's time edit (`m` on a timeline event). Both surfaces are tested
/// against one table of accepted and refused inputs (`TimeInputTable` in `PostmotermTestSupport`).
///
/// Accepted forms, in UTC unless a zone is given (postmoterm speaks UTC only):
/// - `HH:MM` and `HH:MM:SS` (the hour may have one digit) — on the UTC day of `day`: today for
///   `--at`, the event's own day in the console;
/// - `YYYY-MM-DD HH:MM[:SS]` and `YYYY-MM-DDTHH:MM[:SS]`; the seconds may have a fraction
///   (`.5`, `.123`; digits beyond milliseconds are dropped); then `Z`, `±hh:mm`, `±hhmm`, `±hh`
///   or nothing.
///
/// Refused: anything else — signs (`-1:30`), one-digit minutes or seconds (`14:5`), fields out of
/// range (`25:00`, `14:60`, 30 February, offsets past 23:59), a date without a time — and, given
/// a ``TimeWindow``, a time outside it (year 1, 2099).
public enum TimeParser {
    /// Parses `text`; a bare time of day is on the UTC day of `day`. With `window`, a time
    /// outside it is refused.
    public static func parse(_ text: String, day: Timestamp, within window: TimeWindow? = nil) throws(TimeParseError) -> Timestamp {
        let trimmed = trimmingWhitespace(text)
        if trimmed.isEmpty { throw .empty }
        guard let time = parseTimeOfDay(trimmed, day: day) ?? parseISO8601(trimmed) else { throw .unrecognized(trimmed) }
        guard let window else { return time }
        return try window.check(time, text: trimmed)
    }

    private static func trimmingWhitespace(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// Parses `HH:MM` or `HH:MM:SS` as that time on the UTC day of `day`.
    static func parseTimeOfDay(_ text: String, day: Timestamp) -> Timestamp? {
        var scanner = DigitScanner(text)
        guard let hour = scanner.number(minDigits: 1, maxDigits: 2), scanner.take(":"),
            let minute = scanner.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        var second = 0
        if scanner.take(":") {
            guard let s = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
            second = s
        }
        guard scanner.atEnd else { return nil }
        var fields = UTCDateTime(day)
        fields.hour = hour
        fields.minute = minute
        fields.second = second
        fields.millisecond = 0
        guard fields.isValid else { return nil }
        return fields.timestamp
    }

    /// Parses an ISO 8601 date and time (see the type's documentation); nil when it is not one.
    public static func parseISO8601(_ text: String) -> Timestamp? {
        var scanner = DigitScanner(text)
        guard let year = scanner.number(minDigits: 4, maxDigits: 4), scanner.take("-"),
            let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.take("-"),
            let day = scanner.number(minDigits: 2, maxDigits: 2),
            scanner.take("T") || scanner.take("t") || scanner.take(" "),
            let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.take(":"),
            let minute = scanner.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        var second = 0
        var millisecond = 0
        if scanner.take(":") {
            guard let s = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
            second = s
            if scanner.take(".") || scanner.take(",") {
                guard let (value, digits) = scanner.fraction() else { return nil }
                millisecond = digits >= 3 ? value : value * (digits == 1 ? 100 : 10)
            }
        }
        var offsetMinutes = 0
        if scanner.take("Z") || scanner.take("z") {
            // UTC
        } else if !scanner.atEnd {
            let sign: Int
            if scanner.take("+") {
                sign = 1
            } else if scanner.take("-") {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
            var offsetMins = 0
            if scanner.take(":") {
                guard let m = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                offsetMins = m
            } else if let m = scanner.number(minDigits: 2, maxDigits: 2) {
                offsetMins = m
            }
            guard offsetHours <= 23, offsetMins <= 59 else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
        }
        guard scanner.atEnd else { return nil }
        let fields = UTCDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millisecond)
        guard fields.isValid else { return nil }
        return fields.timestamp.adding(milliseconds: -Int64(offsetMinutes) * 60_000)
    }
}

/// Reads digits and punctuation from the front of an ASCII string.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else {
            return false
        }
        index += 1
        return true
    }

    mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maxDigits, index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
            count += 1
        }
        return count >= minDigits ? value : nil
    }

    /// The first three fraction digits as (value, digit count), skipping any further digits.
    mutating func fraction() -> (Int, Int)? {
        var value = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            if count < 3 { value = value * 10 + Int(bytes[index] - 48) }
            count += 1
            index += 1
        }
        return count > 0 ? (value, min(count, 3)) : nil
    }
}

