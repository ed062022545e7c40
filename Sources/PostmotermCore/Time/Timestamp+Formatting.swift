extension Timestamp {
    /// ISO 8601 in UTC with milliseconds: `2026-11-25T14:30:00.123Z`.
    public var iso8601: String {
        let f = UTCDateTime(self)
        var s = dateString(f)
        s.append("T")
        s.append(Timestamp.pad(f.hour, 2))
        s.append(":")
        s.append(Timestamp.pad(f.minute, 2))
        s.append(":")
        s.append(Timestamp.pad(f.second, 2))
        s.append(".")
        s.append(Timestamp.pad(f.millisecond, 3))
        s.append("Z")
        return s
    }

    /// Hours and minutes in UTC: `14:30`.
    public var hourMinute: String {
        let f = UTCDateTime(self)
        return Timestamp.pad(f.hour, 2) + ":" + Timestamp.pad(f.minute, 2)
    }

    /// Hours, minutes and seconds in UTC: `14:30:05`. The console draws it every second.
    public var hourMinuteSecond: String {
        let f = UTCDateTime(self)
        // Eight ASCII bytes written in place (a small string: no allocation).
        return String(unsafeUninitializedCapacity: 8) { bytes in
            func digits(_ value: Int, at offset: Int) {
                bytes[offset] = UInt8(ascii: "0") + UInt8(value / 10 % 10)
                bytes[offset + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            digits(f.hour, at: 0)
            bytes[2] = UInt8(ascii: ":")
            digits(f.minute, at: 3)
            bytes[5] = UInt8(ascii: ":")
            digits(f.second, at: 6)
            return 8
        }
    }

    /// Date and time for people, in UTC: `2026-11-25 14:30:05 UTC`.
    public var dateTimeUTC: String {
        isoDate + " " + hourMinuteSecond + " UTC"
    }

    /// The UTC calendar date: `2026-11-25`.
    public var isoDate: String { dateString(UTCDateTime(self)) }

    /// The UTC calendar date in words: `25 November 2026`.
    public var longDate: String {
        let f = UTCDateTime(self)
        return "\(f.day) \(Timestamp.monthNames[f.month - 1]) \(f.year)"
    }

    /// Days since 1970-01-01 in UTC: two timestamps share a calendar day when these are equal.
    public var utcDayNumber: Int64 {
        millisecondsSinceEpoch.flooredQuotientAndRemainder(dividingBy: 86_400_000).quotient
    }

    private func dateString(_ f: UTCDateTime) -> String {
        let year = f.year >= 0 && f.year <= 9999 ? Timestamp.pad(f.year, 4) : String(f.year)
        return year + "-" + Timestamp.pad(f.month, 2) + "-" + Timestamp.pad(f.day, 2)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
