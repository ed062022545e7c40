/// Values as a line of block characters (`▁▂▃▄▅▆▇█`), each cell the highest of its values; a
/// cell with none known is blank. Pure: text for the health table's trend columns.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `cells × perCell` of `values` in `cells` characters, scaled to `maximum` (at
    /// least the highest value shown); right-aligned when there are fewer values.
    public static func text(_ values: [Double?], cells: Int, perCell: Int, maximum: Double? = nil) -> String {
        guard cells > 0, perCell > 0 else { return "" }
        let window = values.suffix(cells * perCell)
        var columns: [Double?] = []
        var index = window.startIndex
        // The oldest cell may be partial: cells are aligned on the newest value.
        let first = window.count % perCell
        if first > 0 {
            columns.append(window[index..<index + first].compactMap { $0 }.max())
            index += first
        }
        while index < window.endIndex {
            columns.append(window[index..<index + perCell].compactMap { $0 }.max())
            index += perCell
        }
        let highest = max(maximum ?? 0, columns.compactMap { $0 }.max() ?? 0)
        var text = String(repeating: " ", count: max(0, cells - columns.count))
        for column in columns {
            guard let column else {
                text.append(" ")
                continue
            }
            let level = highest > 0 ? Int((column / highest * Double(levels.count - 1)).rounded()) : 0
            text.append(levels[max(0, min(levels.count - 1, level))])
        }
        return text
    }
}
