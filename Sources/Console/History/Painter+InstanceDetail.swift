import PostmotermCore

extension Painter {
    /// One instance's last hour (``InstanceTrends``, a value a minute) as three bar charts of
    /// block characters: requests per second, 5xx %, share of the pool's traffic weight; the
    /// newest on the right. A wide terminal gives each minute several columns; a narrow one puts
    /// several minutes in a column (the highest of them).
    mutating func drawInstanceDetail(source: String, pool: String, instance: String, in region: Region) {
        let titleStyle = CellStyle(foreground: .accent, bold: true, reverse: true)
        buffer.putLine(" " + safe(pool + "/" + instance) + " — the last hour (any key goes back)", in: region, style: titleStyle)
        guard let trend = state.trends.trend(source: source, pool: pool, instance: instance), region.height >= 8 else {
            buffer.putLine(" Nothing seen of this instance yet.", in: region, row: 2, style: .dim)
            return
        }
        let charts: [(String, [Double?], Double?, CellStyle)] = [
            ("req/s", trend.requestsPerSecond, nil, .accent),
            ("5xx %", trend.errorPercent, 5, .danger),
            ("share %", trend.sharePercent, 100, .good),
        ]
        let labelWidth = 9
        let plotWidth = max(10, region.width - labelWidth - 1)
        // Rows for each chart: the body minus the title, a caption per chart and the time axis.
        let chartHeight = max(1, (region.height - 2 - charts.count - 1) / charts.count)
        var y = region.y + 2
        for (name, values, minimum, style) in charts {
            let columns = Self.columns(values, count: plotWidth, slots: InstanceTrends.capacity)
            let highest = max(minimum ?? 0, columns.compactMap { $0 }.max() ?? 0)
            let caption = name + " (highest " + Self.chartNumber(columns.compactMap { $0 }.max() ?? 0) + ")"
            buffer.put(caption, x: region.x + 1, y: y, limit: region.maxX, style: .bold)
            y += 1
            for line in 0..<chartHeight {
                let fromBottom = chartHeight - 1 - line
                if line == 0 { buffer.put(DisplayWidth.pad(Self.chartNumber(highest), to: labelWidth - 1), x: region.x, y: y, limit: region.x + labelWidth, style: .dim) }
                if line == chartHeight - 1 { buffer.put(DisplayWidth.pad("0", to: labelWidth - 1), x: region.x, y: y, limit: region.x + labelWidth, style: .dim) }
                var text = ""
                for column in columns {
                    guard let value = column else {
                        text.append(" ")
                        continue
                    }
                    let eighths = highest > 0 ? Int((value / highest * Double(chartHeight * 8)).rounded()) : 0
                    let here = eighths - fromBottom * 8
                    text.append(here >= 8 ? "█" : here <= 0 ? (fromBottom == 0 ? "▁" : " ") : Sparkline.levels[here - 1])
                }
                buffer.put(text, x: region.x + labelWidth, y: y, limit: region.maxX, style: style)
                y += 1
            }
        }
        let minutes = Int((Double(InstanceTrends.capacity) * InstanceTrends.cellSeconds / 60).rounded())
        let axis = DisplayWidth.pad("-\(minutes) min", to: plotWidth - 3) + "now"
        buffer.put(axis, x: region.x + labelWidth, y: min(y, region.maxY - 1), limit: region.maxX, style: .dim)
    }

    /// The hour's `slots` (``values`` aligned on the newest, the older slots unknown) spread over
    /// `count` columns: a wide chart gives a minute one or two columns, a narrow one the highest of
    /// the minutes a column covers.
    static func columns(_ values: [Double?], count: Int, slots: Int) -> [Double?] {
        guard count > 0, slots > 0 else { return [] }
        let offset = slots - values.count
        var columns: [Double?] = Array(repeating: nil, count: count)
        for column in 0..<count {
            let first = column * slots / count
            let last = max(first + 1, (column + 1) * slots / count)
            var highest: Double?
            for slot in first..<last {
                let index = slot - offset
                guard index >= 0, index < values.count, let value = values[index] else { continue }
                highest = max(highest ?? value, value)
            }
            columns[column] = highest
        }
        return columns
    }

    static func chartNumber(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : tenths(Int((value * 10).rounded()), suffix: nil)
    }
}
