import Foundation
import PostmotermCore

extension Painter {
    /// One column of the health table.
    struct HealthColumn {
        var title: String
        var width: Int
        var alignRight: Bool
        /// The text and style of one row's cell (captures what it needs: no painter is copied per cell).
        var cell: (HealthRow) -> (String, CellStyle)
    }

    /// The balancer model as a table, worst first; markers read without colour.
    mutating func drawHealth(_ region: Region, focused: Bool) {
        drawHealthTable(region, focused: focused)
        if case .pickingColumns(let cursor) = state.mode { drawColumnPicker(region.droppingTop(1), cursor: cursor) }
    }

    private mutating func drawHealthTable(_ region: Region, focused: Bool) {
        let all = state.health
        let shown = visibleHealthIndices()
        let rowCount = shown?.count ?? all.count
        let down = state.healthSummary.down
        let skewed = state.healthSummary.skewed
        let open = state.healthSummary.breakersOpen
        var detail = all.isEmpty ? "" : "\(state.healthSummary.instances) instances"
        if down > 0 { detail += " · \(down) DOWN" }
        if skewed > 0 { detail += " · \(skewed) SKEW" }
        if open > 0 { detail += " · \(open) breaker OPEN" }
        // Which console writes the balancers' observations: this one, or another (watching).
        let known = state.sources.compactMap(\.recording)
        if !known.isEmpty {
            let here = known.filter { $0 }.count
            detail += here == known.count ? " · recording" : here == 0 ? " · watching" : " · recording \(here) of \(known.count)"
        }
        if let filter = state.filters[.health] { detail += " [/" + safe(filter) + "]" }
        drawTitle(region, title: "Health", detail: detail, focused: focused)
        var body = region.droppingTop(1)
        // No fill: the frame starts blank (a new buffer each render) and panes do not overlap.
        if state.sources.isEmpty {
            let message = "No balancer. Add one: postmoterm open PLAYBOOK --balancer haproxy+unix:///run/haproxy/admin.sock (or haproxy+http://HOST:PORT/stats, envoy+http://HOST:PORT)"
            for (index, line) in DisplayWidth.wrap(message, to: body.width - 2).enumerated() where index < body.height {
                buffer.put(line, x: body.x + 1, y: body.y + index, limit: body.maxX, style: .dim)
            }
            return
        }
        if all.isEmpty {
            var lines: [(String, CellStyle)] = []
            for source in state.sources {
                let (text, style) = pollText(source.state)
                for line in DisplayWidth.wrap(safe(source.label) + ": " + text, to: body.width - 2) { lines.append((line, style)) }
            }
            for (index, line) in lines.enumerated() where index < body.height {
                buffer.put(" " + line.0, x: body.x, y: body.y + index, limit: body.maxX, style: line.1)
            }
            return
        }
        // The balancers' process line (hatop's header), when a source says.
        let processes = state.sources.compactMap { $0.process?.text(now: state.now) }
        if !processes.isEmpty, body.height > 3 {
            buffer.putLine(" " + safe(processes.joined(separator: " | ")), in: body, style: .dim)
            body = body.droppingTop(1)
        }
        let columns = healthColumns(width: body.width)
        var x = body.x
        for column in columns {
            buffer.putPadded(column.title, x: x, y: body.y, columns: column.width, alignRight: column.alignRight,
                             limit: min(body.maxX, x + column.width), style: CellStyle(bold: true, underline: true))
            x += column.width + 1
        }
        let list = body.droppingTop(1)
        guard rowCount > 0 else {
            buffer.putLine(" No instance matches the filter (Esc clears).", in: list, style: .dim)
            return
        }
        let selected = min(state.healthCursor, rowCount - 1)
        let offset = max(0, min(selected - list.height + 1, rowCount - list.height))
        for line in 0..<list.height {
            let index = offset + line
            guard index < rowCount else { break }
            let row = all[shown?[index] ?? index]
            let y = list.y + line
            let isSelected = index == selected && focused
            if isSelected { buffer.fill(Region(x: list.x, y: y, width: list.width, height: 1), style: .selected) }
            var x = list.x
            for column in columns {
                var (text, style) = column.cell(row)
                if isSelected { style.reverse = true }
                buffer.putPadded(text, x: x, y: y, columns: column.width, alignRight: column.alignRight,
                                 limit: min(list.maxX, x + column.width), style: style)
                x += column.width + 1
            }
        }
    }

    /// Positions in ``ConsoleState/health`` of the rows ``ConsoleState/visibleHealth`` lists, nil
    /// when that is every row. The same matches, without lowercasing three strings of each of
    /// a thousand rows every frame: printable-ASCII names are compared byte by byte.
    func visibleHealthIndices() -> [Int]? {
        let filter = (state.filters[.health] ?? "").lowercased()
        guard !filter.isEmpty else { return nil }
        let needle = Array(filter.utf8)
        let asciiNeedle = DisplayWidth.isPrintableASCII(filter)
        func matches(_ field: String) -> Bool {
            if asciiNeedle, let found = field.utf8.withContiguousStorageIfAvailable({ Self.asciiContains($0, lowercased: needle) }),
                let found
            {
                return found
            }
            return field.lowercased().contains(filter)
        }
        var indices: [Int] = []
        for (index, row) in state.health.enumerated()
        where matches(row.instance) || matches(row.pool) || matches(row.status.label) {
            indices.append(index)
        }
        return indices
    }

    /// Whether printable-ASCII `haystack`, lowercased, contains `needle` (lowercase printable
    /// ASCII); nil when `haystack` has any other byte.
    static func asciiContains(_ haystack: UnsafeBufferPointer<UInt8>, lowercased needle: [UInt8]) -> Bool? {
        var found = false
        if haystack.count >= needle.count {
            for start in 0...(haystack.count - needle.count) where !found {
                var offset = 0
                while offset < needle.count {
                    var byte = haystack[start + offset]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte != needle[offset] { break }
                    offset += 1
                }
                found = offset == needle.count
            }
        }
        for byte in haystack where byte < 0x20 || byte >= 0x7F { return nil }
        return found
    }

    /// The columns that fit in `width`, most important first (``HealthColumnID``'s order, less
    /// those hidden with the picker); the instance name takes the rest. Optional columns come in
    /// only while the name keeps its whole width (the longest name, at most ``nameMaximum``),
    /// hatop's only while it keeps ``hatopNameMinimum`` as well.
    func healthColumns(width: Int) -> [HealthColumn] {
        let multiplePools = state.healthSummary.multiplePools
        let multipleSources = state.sources.count > 1
        let collapsed = state.collapsedPools
        var chosen: [HealthColumn] = []
        let nameMinimum = min(max(10, state.healthSummary.longestName), Self.nameMaximum)
        var used = nameMinimum
        for id in HealthColumnID.allCases where !state.hiddenHealthColumns.contains(id) {
            let minimum = id.isHatop ? max(Self.hatopNameMinimum, nameMinimum) : nameMinimum
            guard used - nameMinimum + minimum + 1 + id.width <= width else { continue }
            chosen.append(healthColumn(id))
            used += 1 + id.width
        }
        // The name column: pool/instance when there are several pools.
        var nameWidth = max(nameMinimum, width - used)
        var prefix: [HealthColumn] = []
        if multipleSources, nameWidth >= 26 {
            prefix.append(HealthColumn(title: "SOURCE", width: 12, alignRight: false) { row in (Self.inert(row.source), .dim) })
            nameWidth -= 13
        }
        prefix.append(HealthColumn(title: "INSTANCE", width: nameWidth, alignRight: false) { row in
            switch row.kind {
            case .server:
                let name = multiplePools ? row.pool + "/" + row.instance : row.instance
                return (Self.inert(name), .bold)
            case .backend:
                let folded = collapsed.contains(HealthPoolKey(source: row.source, pool: row.pool))
                return ((folded ? "+ " : "- ") + Self.inert(row.pool) + " BACKEND", CellStyle(bold: true, underline: false))
            case .frontend:
                return (Self.inert(row.instance) + " FRONTEND", .dim)
            }
        })
        return prefix + chosen
    }

    /// The instance name's least width beside hatop's columns.
    static let hatopNameMinimum = 16
    /// The most the INSTANCE column asks for before optional columns (longer names are cut).
    static let nameMaximum = 24

    /// One optional column.
    func healthColumn(_ id: HealthColumnID) -> HealthColumn {
        let now = state.now
        func column(alignRight: Bool = true, _ cell: @escaping (HealthRow) -> (String, CellStyle)) -> HealthColumn {
            HealthColumn(title: id.title, width: id.width, alignRight: alignRight, cell: cell)
        }
        func counter(_ field: TrafficDetail.Field, warnAbove: Bool = false) -> HealthColumn {
            column { row in
                guard let value = row.detail[field] else { return ("-", .dim) }
                return (Self.count(value), warnAbove && value > 0 ? .warning : .plain)
            }
        }
        switch id {
        case .status:
            return column(alignRight: false) { row in (row.status.label, Self.statusStyle(row.status)) }
        case .share:
            return column(alignRight: false) { row in
                guard row.kind == .server else { return ("", .plain) }
                let share = row.share.map { Self.percent($0 * 100) } ?? "-"
                return row.skewed ? (share + " SKEW", .warning) : (share, .plain)
            }
        case .breaker:
            return column(alignRight: false) { row in
                switch row.breaker {
                case .open: ("OPEN", .danger)
                case .halfOpen: ("HALF", .warning)
                case .closed: ("ok", .good)
                case .notObserved: (row.kind == .server ? "-" : "", .dim)
                }
            }
        case .errorPercent:
            return column { row in
                guard let errors = row.errorPercent else { return ("-", .dim) }
                return (Self.percent(errors), errors >= 5 ? .danger : (errors >= 1 ? .warning : .plain))
            }
        case .weight:
            return column { row in
                guard let weight = row.weight else { return (row.kind == .server ? "-" : "", .dim) }
                if let configured = row.configuredWeight, configured != weight { return (String(weight) + "/" + String(configured), .warning) }
                return (String(weight), .plain)
            }
        case .requestRate:
            return column { row in (row.requestsPerSecond.map { Self.rate($0) } ?? "-", .plain) }
        case .sessions:
            return column { row in (row.sessions.map(String.init) ?? "-", .plain) }
        case .latency:
            return column { row in (row.latencyMilliseconds.map { String($0) + "ms" } ?? (row.kind == .server ? "-" : ""), .plain) }
        case .check:
            return column(alignRight: false) { row in (row.kind == .frontend ? "" : Self.inert(row.check), .dim) }
        case .since:
            return column { row in
                (row.lastChange.map { ElapsedTime(seconds: now.timeIntervalSince($0)).timer } ?? (row.kind == .server ? "-" : ""), .dim)
            }
        case .requestTrend, .errorTrend, .shareTrend: return trendColumn(id)
        case .cpu, .memory, .p95: return metricsColumn(id)
        case .bytesIn: return counter(.bytesIn)
        case .bytesOut: return counter(.bytesOut)
        case .responses1xx: return counter(.responses1xx)
        case .responses2xx: return counter(.responses2xx)
        case .responses3xx: return counter(.responses3xx)
        case .responses4xx: return counter(.responses4xx)
        case .responses5xx:
            return column { row in
                guard let value = row.responses5xx else { return ("-", .dim) }
                return (Self.count(value), value > 0 ? .warning : .plain)
            }
        case .responsesOther: return counter(.responsesOther)
        case .connectionErrors: return counter(.connectionErrors, warnAbove: true)
        case .responseErrors: return counter(.responseErrors, warnAbove: true)
        case .requestErrors: return counter(.requestErrors, warnAbove: true)
        case .deniedRequests: return counter(.deniedRequests)
        case .deniedResponses: return counter(.deniedResponses)
        case .checkFailures: return counter(.checkFailures, warnAbove: true)
        case .checkDowns: return counter(.checkDowns, warnAbove: true)
        case .downtime:
            return column { row in
                guard let seconds = row.detail[.downtimeSeconds] else { return ("-", .dim) }
                return seconds == 0 ? ("0", .plain) : (ElapsedTime(seconds: Double(min(seconds, 1 << 40))).compact, .warning)
            }
        case .sessionLimit:
            return column { row in
                guard let limit = row.detail[.sessionLimit], limit > 0 else { return ("-", .dim) }
                let sessions = UInt64(max(0, row.sessions ?? 0))
                return (Self.count(sessions) + "/" + Self.count(limit), sessions * 10 >= limit * 9 ? .danger : .plain)
            }
        case .maxSessions: return counter(.maxSessions)
        }
    }

    /// A counter in at most five columns: `999`, `12.3k`, `123k`, `1.2M`, `45G`.
    static func count(_ value: UInt64) -> String {
        if value < 1000 { return String(value) }
        let units: [(UInt64, UInt8)] = [(1_000_000_000_000, UInt8(ascii: "T")), (1_000_000_000, UInt8(ascii: "G")), (1_000_000, UInt8(ascii: "M")), (1000, UInt8(ascii: "k"))]
        for (size, suffix) in units where value >= size {
            let scaled = value / (size / 10)  // tenths of the unit
            if scaled < 100 { return tenths(Int(scaled), suffix: suffix) }
            return number(Int(min(scaled / 10, 999_999)), suffix: suffix)
        }
        return String(value)
    }

    static func statusStyle(_ status: InstanceStatus) -> CellStyle {
        switch status {
        case .up: .good
        case .down: .danger
        case .draining, .maintenance, .goingDown, .goingUp: .warning
        case .noCheck, .other: .plain
        }
    }

    static func percent(_ value: Double) -> String {
        if value >= 10 || value == 0 { return number(Int(value.rounded()), suffix: UInt8(ascii: "%")) }
        return tenths(Int((value * 10).rounded()), suffix: UInt8(ascii: "%"))
    }

    static func rate(_ value: Double) -> String {
        if value >= 10_000 { return number(Int(value / 1000), suffix: UInt8(ascii: "k")) }
        if value >= 100 { return String(Int(value.rounded())) }
        return tenths(Int((value * 10).rounded()), suffix: nil)
    }

    /// `String(value) + suffix`, written in place for the non-negative values a table shows.
    static func number(_ value: Int, suffix: UInt8) -> String {
        guard value >= 0, value < 1_000_000_000 else { return String(value) + String(UnicodeScalar(suffix)) }
        return digits(value, fraction: nil, suffix: suffix)
    }

    /// `String(tenths / 10) + "." + String(tenths % 10)` and the suffix, written in place.
    static func tenths(_ tenths: Int, suffix: UInt8?) -> String {
        guard tenths >= 0, tenths < 1_000_000_000 else {
            return String(tenths / 10) + "." + String(tenths % 10) + (suffix.map { String(UnicodeScalar($0)) } ?? "")
        }
        return digits(tenths / 10, fraction: tenths % 10, suffix: suffix)
    }

    /// Decimal digits of `whole` (0 ≤ whole < 10⁹), then "." and `fraction` when given, then
    /// `suffix`: at most 13 ASCII bytes, a small string (no allocation).
    private static func digits(_ whole: Int, fraction: Int?, suffix: UInt8?) -> String {
        var count = 1
        var rest = whole / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let total = count + (fraction == nil ? 0 : 2) + (suffix == nil ? 0 : 1)
        return String(unsafeUninitializedCapacity: total) { bytes in
            var value = whole
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            var next = count
            if let fraction {
                bytes[next] = UInt8(ascii: ".")
                bytes[next + 1] = UInt8(ascii: "0") + UInt8(fraction)
                next += 2
            }
            if let suffix { bytes[next] = suffix }
            return total
        }
    }
}
