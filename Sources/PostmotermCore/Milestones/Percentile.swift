/// The one percentile postmoterm computes (`stats`, the load generator's latencies): the
/// nearest-rank method, so every answer is a value that was observed (a median of durations
/// to the second is itself to the second). The median is the 50th percentile: of an even count,
/// the lower of the two middle values.
public enum Percentile {
    /// The `fraction` (0…1) percentile of `sorted` (ascending): the value at rank
    /// ⌈fraction × count⌉, at least the first; nil when empty.
    public static func nearestRank<Value>(_ fraction: Double, of sorted: [Value]) -> Value? {
        guard !sorted.isEmpty else { return nil }
        // Less a hair: 0.9 × 30 is 27.000000000000004 in binary, and rank 27 is meant.
        let rank = (min(max(fraction, 0), 1) * Double(sorted.count) - 1e-9).rounded(.up)
        return sorted[min(sorted.count, max(1, Int(rank))) - 1]
    }
}
