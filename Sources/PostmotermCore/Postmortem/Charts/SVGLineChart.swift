/// A line chart over time as a standalone SVG document: one polyline per series (gaps where a
/// value is unknown), a y axis from zero, the time axis in UTC, and vertical marks for events.
/// Deterministic text (fixed decimals), so charts are compared as golden files.
struct SVGLineChart {
    struct Series {
        var name: String
        /// (time, value); nil values break the line.
        var points: [(Timestamp, Double?)]
    }

    struct Mark {
        var at: Timestamp
        var label: String
        /// Milestones (status) are drawn solid, balancer actions and changes dashed.
        var isMilestone: Bool
    }

    var title: String
    /// The y axis's unit, e.g. `%`.
    var unit: String
    var from: Timestamp
    var until: Timestamp
    var series: [Series]
    var marks: [Mark]
    /// The top of the y axis (at least the highest value).
    var yMaximum: Double
    /// A line under the plot (e.g. instances not drawn).
    var footnote: String?

    static let width = 800.0
    static let height = 360.0
    static let left = 56.0
    static let right = 160.0
    static let top = 36.0
    static let bottom = 48.0
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    func render() -> String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let span = Double(max(1, until.milliseconds(since: from)))
        let top = yMaximum > 0 ? yMaximum : 1
        func x(_ time: Timestamp) -> Double { Self.left + Double(time.milliseconds(since: from)) / span * plotWidth }
        func y(_ value: Double) -> Double { Self.top + plotHeight - min(value, top) / top * plotHeight }
        func f(_ value: Double) -> String { Self.number(value) }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(Self.width))" height="\(Int(Self.height))" \
            viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" font-family="sans-serif" font-size="11">

            """
        out += "<title>\(SVGText.escape(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(f(Self.left))\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(SVGText.escape(title))</text>\n"
        // Y grid: 0, ¼, ½, ¾, top.
        for step in 0...4 {
            let value = top * Double(step) / 4
            let lineY = y(value)
            out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(lineY))\" x2=\"\(f(Self.left + plotWidth))\" y2=\"\(f(lineY))\" stroke=\"#dddddd\"/>\n"
            out += "<text x=\"\(f(Self.left - 6))\" y=\"\(f(lineY + 4))\" text-anchor=\"end\">\(Self.label(value))\(SVGText.escape(unit))</text>\n"
        }
        // Time axis: the start, the end and three ticks between.
        let axisY = Self.top + plotHeight
        out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(axisY))\" x2=\"\(f(Self.left + plotWidth))\" y2=\"\(f(axisY))\" stroke=\"#333333\"/>\n"
        for step in 0...4 {
            let time = from.adding(milliseconds: Int64(span * Double(step) / 4))
            out += "<text x=\"\(f(x(time)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\">\(time.hourMinuteSecond)</text>\n"
        }
        out += "<text x=\"\(f(Self.left + plotWidth))\" y=\"\(f(axisY + 32))\" text-anchor=\"end\">UTC</text>\n"
        // Marks.
        for (index, mark) in marks.enumerated() where mark.at >= from && mark.at <= until {
            let markX = x(mark.at)
            let dash = mark.isMilestone ? "" : " stroke-dasharray=\"4 3\""
            let color = mark.isMilestone ? "#444444" : "#b8860b"
            out += "<line x1=\"\(f(markX))\" y1=\"\(f(Self.top))\" x2=\"\(f(markX))\" y2=\"\(f(axisY))\" stroke=\"\(color)\"\(dash)/>\n"
            let labelY = Self.top + 10 + Double(index % 4) * 12
            out += "<text x=\"\(f(markX + 3))\" y=\"\(f(labelY))\" fill=\"\(color)\">\(SVGText.escape(mark.label))</text>\n"
        }
        // Series and legend.
        for (index, series) in self.series.enumerated() {
            let color = Self.colors[index % Self.colors.count]
            var run: [String] = []
            func flush() {
                if run.count == 1 { run.append(run[0]) }
                if !run.isEmpty {
                    out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(run.joined(separator: " "))\"/>\n"
                }
                run = []
            }
            for (time, value) in series.points {
                guard let value else {
                    flush()
                    continue
                }
                run.append("\(f(x(time))),\(f(y(value)))")
            }
            flush()
            let legendY = Self.top + 6 + Double(index) * 16
            let legendX = Self.left + plotWidth + 12
            out += "<line x1=\"\(f(legendX))\" y1=\"\(f(legendY))\" x2=\"\(f(legendX + 16))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(f(legendX + 20))\" y=\"\(f(legendY + 4))\">\(SVGText.escape(series.name))</text>\n"
        }
        if let footnote {
            out += "<text x=\"\(f(Self.left))\" y=\"\(f(Self.height - 6))\" fill=\"#666666\">\(SVGText.escape(footnote))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// One decimal, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// An axis label: whole numbers from 10 up, one decimal below.
    static func label(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded()))" : number(value)
    }

    /// A round top for an axis holding `value`: 1, 2, 5 × a power of ten.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var power = 1.0
        while power * 10 <= value { power *= 10 }
        while power > value { power /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= value { return factor * power }
        return 10 * power
    }
}
