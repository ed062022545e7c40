/// Counts arrivals over a sliding window of time, to give a backend its current request rate.
///
/// Times are seconds on any monotonic clock the caller picks; the meter never reads a clock
/// itself, so tests drive it with plain numbers.
struct ArrivalRateMeter: Sendable {
    /// Seconds the rate is measured over.
    let window: Double
    private var arrivals: [Double] = []
    private var head = 0

    init(window: Double) {
        self.window = max(window, 0.001)
    }

    /// Records one arrival at `now` and returns the arrival rate per second over the window.
    mutating func record(at now: Double) -> Double {
        arrivals.append(now)
        return rate(at: now)
    }

    /// The arrival rate per second over the window ending at `now`.
    mutating func rate(at now: Double) -> Double {
        let horizon = now - window
        while head < arrivals.count && arrivals[head] <= horizon { head += 1 }
        if head > 1024 && head * 2 > arrivals.count {
            arrivals.removeFirst(head)
            head = 0
        }
        return Double(arrivals.count - head) / window
    }
}
