/// The calendar fields of a `Timestamp` in UTC (proleptic Gregorian calendar).
///
/// Computed with integer arithmetic (Howard Hinnant's days-from-civil algorithm), so formatting
/// a hundred thousand timestamps costs microseconds, not a `DateFormatter` each. This is the
/// program's one civil-date algorithm: every date postmoterm prints or reads goes through it.
public struct UTCDateTime: Hashable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    /// 0...23
    public var hour: Int
    /// 0...59
    public var minute: Int
    /// 0...59
    public var second: Int
    /// 0...999
    public var millisecond: Int

    public init(
        year: Int, month: Int, day: Int,
        hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// The fields of `timestamp` in UTC.
    public init(_ timestamp: Timestamp) {
        let (days, rest) = timestamp.millisecondsSinceEpoch.flooredQuotientAndRemainder(dividingBy: 86_400_000)
        let (y, m, d) = UTCDateTime.civil(fromDays: days)
        self.init(
            year: y, month: m, day: d,
            hour: Int(rest / 3_600_000), minute: Int(rest / 60_000 % 60),
            second: Int(rest / 1000 % 60), millisecond: Int(rest % 1000))
    }

    /// Whether the fields name a real instant (month 1...12, day within the month, and so on).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= UTCDateTime.daysIn(month: month, year: year)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0...999).contains(millisecond)
    }

    /// The instant these fields name in UTC. Fields out of range roll over arithmetically; check
    /// `isValid` first when they come from a user.
    public var timestamp: Timestamp {
        let days = UTCDateTime.days(fromCivil: year, month, day)
        let ms =
            days * 86_400_000 + Int64(hour) * 3_600_000 + Int64(minute) * 60_000
            + Int64(second) * 1000 + Int64(millisecond)
        return Timestamp(millisecondsSinceEpoch: ms)
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
