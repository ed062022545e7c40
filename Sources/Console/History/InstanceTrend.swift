/// One instance's recent history in the console: request rate, 5xx % and share of traffic
/// weight, one cell per wall-clock minute (the highest of the minute's 10-second samples, as the
/// sparklines and the charts draw a minute), the newest last and still filling.
///
/// Kept as hundredths in 16 bits, the three figures of a minute side by side in one array: an
/// hour of 1,003 instances is about 0.4 MB and one allocation per instance.
public struct InstanceTrend: Sendable, Hashable {
    /// One minute's three figures, in hundredths (``unknown``: not known).
    struct Cell: Sendable, Hashable {
        var requests: UInt16
        var errors: UInt16
        var share: UInt16

        static let unknown = Cell(requests: InstanceTrend.unknown, errors: InstanceTrend.unknown, share: InstanceTrend.unknown)

        /// The highest of both, figure by figure (an unknown figure gives way to a known one).
        func merged(with other: Cell) -> Cell {
            Cell(requests: Self.highest(requests, other.requests), errors: Self.highest(errors, other.errors),
                 share: Self.highest(share, other.share))
        }

        private static func highest(_ first: UInt16, _ second: UInt16) -> UInt16 {
            first == InstanceTrend.unknown ? second : second == InstanceTrend.unknown ? first : max(first, second)
        }
    }

    /// The minute of the newest cell (seconds since the epoch / 60).
    public internal(set) var lastMinute: Int64
    private(set) var cells: [Cell] = []

    /// Marks a value not known.
    static let unknown = UInt16.max

    init(lastMinute: Int64) {
        self.lastMinute = lastMinute
    }

    /// Requests per second, oldest minute first (nil: not known).
    public var requestsPerSecond: [Double?] { cells.map { Self.value($0.requests) } }
    /// 5xx as a percentage of responses.
    public var errorPercent: [Double?] { cells.map { Self.value($0.errors) } }
    /// Share of the pool's traffic weight, percent.
    public var sharePercent: [Double?] { cells.map { Self.value($0.share) } }

    /// Takes a sample made in `minute`: the minute's cell keeps the highest of its samples; a
    /// later minute opens a new cell after unknown ones for the minutes no sample saw (a gap
    /// longer than the window starts over); the oldest cells beyond `capacity` are dropped.
    mutating func sample(minute: Int64, requests: Double?, errors: Double?, share: Double?, capacity: Int) {
        let cell = Cell(requests: Self.stored(requests), errors: Self.stored(errors), share: Self.stored(share))
        if !cells.isEmpty, minute == lastMinute {
            cells[cells.count - 1] = cells[cells.count - 1].merged(with: cell)
            return
        }
        // A sample from an earlier minute (the clock set back) starts a new cell: never rewrite history.
        let gap = cells.isEmpty ? 0 : Int(min(Int64(capacity), max(0, minute - lastMinute - 1)))
        if gap > 0 { cells.append(contentsOf: repeatElement(Cell.unknown, count: gap)) }
        cells.append(cell)
        if cells.count > capacity { cells.removeFirst(cells.count - capacity) }
        lastMinute = minute
    }

    static func stored(_ value: Double?) -> UInt16 {
        guard let value, value.isFinite else { return unknown }
        return UInt16(max(0, min(Double(unknown - 1), (value * 100).rounded())))
    }

    static func value(_ stored: UInt16) -> Double? {
        stored == unknown ? nil : Double(stored) / 100
    }
}
