/// The incident id a mistyped one most likely meant (`2026-12-07-api-erors` →
/// `2026-12-07-api-errors`), for "did you mean" in the refusal: the one id within a few edits,
/// nil when none is that close or two are equally close.
public enum IncidentIDSuggestion {
    /// At most this many single-character insertions, deletions or substitutions.
    static let maximumEdits = 3

    public static func nearest(to typed: String, among ids: [IncidentID]) -> IncidentID? {
        let typedCharacters = Array(typed.lowercased())
        var best: (id: IncidentID, distance: Int)?
        var tied = false
        for id in ids {
            let distance = editDistance(typedCharacters, Array(id.rawValue), limit: maximumEdits)
            guard distance <= maximumEdits else { continue }
            if let current = best, distance >= current.distance {
                if distance == current.distance { tied = true }
                continue
            }
            best = (id, distance)
            tied = false
        }
        return tied ? nil : best?.id
    }

    /// Levenshtein distance, stopping early (returning more than `limit`) once it must exceed it.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        guard abs(a.count - b.count) <= limit else { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
