import Foundation

/// UTC times and durations as the console prints them, without locale or time-zone lookups
/// (fast, and the same on every machine).
public enum UTCFormat {
    /// `HH:MM:SS`.
    public static func time(_ date: Date) -> String {
        let parts = components(date)
        // Eight ASCII bytes written in place (a small string: no allocation).
        return String(unsafeUninitializedCapacity: 8) { bytes in
            func digits(_ value: Int, at offset: Int) {
                bytes[offset] = UInt8(ascii: "0") + UInt8(value / 10 % 10)
                bytes[offset + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            digits(parts.hour, at: 0)
            bytes[2] = UInt8(ascii: ":")
            digits(parts.minute, at: 3)
            bytes[5] = UInt8(ascii: ":")
            digits(parts.second, at: 6)
            return 8
        }
    }

    /// `HH:MM`.
    public static func shortTime(_ date: Date) -> String {
        let parts = components(date)
        return two(parts.hour) + ":" + two(parts.minute)
    }

    /// `YYYY-MM-DD`.
    public static func date(_ date: Date) -> String {
        let parts = components(date)
        return String(parts.year) + "-" + two(parts.month) + "-" + two(parts.day)
    }

    /// `YYYY-MM-DD HH:MM:SS UTC`.
    public static func dateTime(_ date: Date) -> String {
        Self.date(date) + " " + time(date) + " UTC"
    }

    /// `45s`, `12m05s`, `3h07m`, `2d04h`.
    public static func duration(_ interval: TimeInterval) -> String {
        let total = max(0, Int(interval))
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        let seconds = total % 60
        if days > 0 { return String(days) + "d" + two(hours) + "h" }
        if hours > 0 { return String(hours) + "h" + two(minutes) + "m" }
        if minutes > 0 { return String(minutes) + "m" + two(seconds) + "s" }
        return String(seconds) + "s"
    }

    /// Parses `HH:MM`, `HH:MM:SS` (on the UTC day of `reference`) or ISO 8601.
    public static func parse(_ text: String, near reference: Date) -> Date? {
        let pieces = text.split(separator: ":")
        if (2...3).contains(pieces.count), pieces.allSatisfy({ $0.count <= 2 && Int($0) != nil }) {
            let numbers = pieces.compactMap { Int($0) }
            guard numbers[0] < 24, numbers[1] < 60, numbers.count < 3 || numbers[2] < 60 else { return nil }
            let day = floor(reference.timeIntervalSince1970 / 86_400) * 86_400
            let seconds = numbers[0] * 3_600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
            return Date(timeIntervalSince1970: day + Double(seconds))
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private struct Parts {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Civil date from days since 1970 (Howard Hinnant's algorithm).
    private static func components(_ date: Date) -> Parts {
        let seconds = Int(floor(date.timeIntervalSince1970))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Parts(year: year, month: month, day: day, hour: rest / 3_600, minute: (rest % 3_600) / 60, second: rest % 60)
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
