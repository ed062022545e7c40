/// Parses the times people type (`log --at`, `mitigate --at`, the console's time prompt).
///
/// Accepted forms:
/// - `HH:MM` and `HH:MM:SS` — today's date in UTC (the day of `now`);
/// - ISO 8601 dates with time: `2026-11-25T14:30`, `2026-11-25T14:30:05`,
///   `2026-11-25T14:30:05.123`, a space may stand for the `T`; followed by `Z`, `+02:00`, `+0200`,
///   `+02` or nothing. Without a zone the time is taken as UTC (postmoterm speaks UTC only).
///   Fractions beyond milliseconds are truncated.
public enum TimeParser {
    /// Parses `text` as a time of day (today in UTC, relative to `now`) or an ISO 8601 time.
    public static func parse(_ text: String, now: Timestamp) throws(TimeParseError) -> Timestamp {
        let trimmed = trimmingWhitespace(text)
        if trimmed.isEmpty { throw .empty }
        if let result = parseTimeOfDay(trimmed, now: now) { return result }
        if let result = parseISO8601(trimmed) { return result }
        throw .unrecognized(trimmed)
    }

    private static func trimmingWhitespace(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// Parses `HH:MM` or `HH:MM:SS` as that time on the UTC day of `now`.
    public static func parseTimeOfDay(_ text: String, now: Timestamp) -> Timestamp? {
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
        var fields = UTCDateTime(now)
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

