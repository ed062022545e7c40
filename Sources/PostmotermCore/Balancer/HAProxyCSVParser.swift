/// Reads HAProxy's `show stat` CSV (runtime API, or the stats page with `;csv`).
///
/// Columns are found by their header name, never by position (2.6 has 100+ columns; other versions
/// add or drop some). Fields may be quoted (`"a,b"`, `""` for a quote). `FRONTEND` rows are
/// ignored, `BACKEND` rows give each pool's own figures, every other row of a backend is an
/// instance. The scanner works on bytes and builds strings only for the columns it keeps, so a
/// 1,000-server table parses in well under a millisecond in a release build.
public enum HAProxyCSVParser {
    /// Parses `bytes` into a snapshot labelled with `source`. Shares are computed; rates and
    /// breaker states are left for ``SnapshotHistory``.
    public static func parse(
        _ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double
    ) throws(HAProxyCSVError) -> BalancerSnapshot {
        let pools: [BalancerPool]
        do {
            pools = try bytes.withUnsafeBufferPointer { buffer throws(HAProxyCSVError) in
                try parsePools(buffer, source: source)
            }
        }
        return BalancerSnapshot(source: source, kind: .haproxy, pools: pools, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    /// Convenience for text (tests, fixtures).
    public static func parse(_ text: String, source: String, takenAt: Timestamp, monotonicTime: Double) throws(HAProxyCSVError) -> BalancerSnapshot {
        try parse(Array(text.utf8), source: source, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    // MARK: - Columns

    /// The columns kept, in slot order.
    private enum Column: Int, CaseIterable {
        case pxname, svname, qcur, scur, status, weight, uweight, checkStatus, checkDesc, lastchg
        case hrsp5xx, reqTot, stot, rtime, ttime, hanafail, throttle, addr, type

        var headerName: String {
            switch self {
            case .pxname: return "pxname"
            case .svname: return "svname"
            case .qcur: return "qcur"
            case .scur: return "scur"
            case .status: return "status"
            case .weight: return "weight"
            case .uweight: return "uweight"
            case .checkStatus: return "check_status"
            case .checkDesc: return "check_desc"
            case .lastchg: return "lastchg"
            case .hrsp5xx: return "hrsp_5xx"
            case .reqTot: return "req_tot"
            case .stot: return "stot"
            case .rtime: return "rtime"
            case .ttime: return "ttime"
            case .hanafail: return "hanafail"
            case .throttle: return "throttle"
            case .addr: return "addr"
            case .type: return "type"
            }
        }
    }

    private static let slotCount = Column.allCases.count

    // MARK: - Scanning

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r"), hash = UInt8(ascii: "#"), space = UInt8(ascii: " ")

    private static func parsePools(_ buffer: UnsafeBufferPointer<UInt8>, source: String) throws(HAProxyCSVError) -> [BalancerPool] {
        let end = buffer.count
        var position = 0
        // Skip leading blank lines.
        while position < end, buffer[position] == newline || buffer[position] == cr || buffer[position] == space { position += 1 }
        if position == end { throw .empty }
        let headerEnd = lineEnd(buffer, from: position)
        guard headerEnd < end else {
            throw looksLikeHeader(buffer, position, headerEnd)
                ? .truncated(line: 1, detail: "the header line has no end") : .notCSV(got: ResponsePreview.describe(buffer))
        }
        guard looksLikeHeader(buffer, position, headerEnd) else { throw .notCSV(got: ResponsePreview.describe(buffer)) }
        var headerStart = position
        if buffer[headerStart] == hash { headerStart += 1 }
        while headerStart < headerEnd, buffer[headerStart] == space { headerStart += 1 }

        // Header: map column index -> slot.
        var names: [String] = []
        var fieldStart = headerStart
        var index = headerStart
        while index <= headerEnd {
            if index == headerEnd || buffer[index] == comma {
                var stop = index
                if stop > fieldStart, buffer[stop - 1] == cr { stop -= 1 }
                names.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[fieldStart..<stop]), as: UTF8.self))
                fieldStart = index + 1
            }
            index += 1
        }
        if names.last == "" { names.removeLast() }
        var slotOfColumn = [Int](repeating: -1, count: names.count)
        var present = [Bool](repeating: false, count: slotCount)
        for column in Column.allCases {
            if let at = names.firstIndex(of: column.headerName) {
                slotOfColumn[at] = column.rawValue
                present[column.rawValue] = true
            }
        }
        let required: [Column] = [.pxname, .svname, .status]
        let missing = required.filter { !present[$0.rawValue] }.map(\.headerName)
        if !missing.isEmpty { throw .missingColumns(missing) }
        let headerFieldCount = names.count

        var pools: [BalancerPool] = []
        var poolIndex: [String: Int] = [:]
        var starts = [Int](repeating: 0, count: slotCount)
        var stops = [Int](repeating: -1, count: slotCount)
        var quoted = [Bool](repeating: false, count: slotCount)
        var lineNumber = 1
        var poolsWithAggregate = Set<Int>()
        position = headerEnd + 1

        while position < end {
            lineNumber += 1
            let stop = lineEnd(buffer, from: position)
            if stop == position || (stop == position + 1 && buffer[position] == cr) {
                position = stop + 1
                continue
            }
            guard stop < end else {
                throw .truncated(line: lineNumber, detail: "the last row has no line end")
            }
            if buffer[position] == hash {
                position = stop + 1
                continue
            }
            for slot in 0..<slotCount { stops[slot] = -1 }
            // Split the row.
            var column = 0
            var cursor = position
            while cursor <= stop {
                var fieldBegin = cursor
                var fieldEnd: Int
                var isQuoted = false
                if cursor < stop, buffer[cursor] == quote {
                    isQuoted = true
                    fieldBegin = cursor + 1
                    var scan = fieldBegin
                    while true {
                        guard scan < stop else {
                            throw .truncated(line: lineNumber, detail: "a quoted field is not closed")
                        }
                        if buffer[scan] == quote {
                            if scan + 1 < stop, buffer[scan + 1] == quote { scan += 2; continue }
                            break
                        }
                        scan += 1
                    }
                    fieldEnd = scan
                    cursor = scan + 1
                    while cursor < stop, buffer[cursor] != comma { cursor += 1 }
                } else {
                    while cursor < stop, buffer[cursor] != comma { cursor += 1 }
                    fieldEnd = cursor
                    if fieldEnd > fieldBegin, buffer[fieldEnd - 1] == cr { fieldEnd -= 1 }
                }
                if column < slotOfColumn.count {
                    let slot = slotOfColumn[column]
                    if slot >= 0 {
                        starts[slot] = fieldBegin
                        stops[slot] = fieldEnd
                        quoted[slot] = isQuoted
                    }
                }
                column += 1
                cursor += 1
            }
            // A trailing comma yields one empty field more than the header names.
            let fields = (column > 0 && stop > position && buffer[stop - 1] == comma) || (stop > position + 1 && buffer[stop - 1] == cr && buffer[stop - 2] == comma) ? column - 1 : column
            if fields < headerFieldCount {
                throw .truncated(line: lineNumber, detail: "\(fields) fields where the header names \(headerFieldCount)")
            }

            func text(_ c: Column) -> String {
                let slot = c.rawValue
                guard stops[slot] >= 0 else { return "" }
                let raw = String(decoding: UnsafeBufferPointer(rebasing: buffer[starts[slot]..<stops[slot]]), as: UTF8.self)
                let unquoted = quoted[slot] ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
                return TerminalSafe.escape(unquoted)
            }
            func number(_ c: Column) -> UInt64? {
                let slot = c.rawValue
                guard stops[slot] > starts[slot] else { return nil }
                var value: UInt64 = 0
                for i in starts[slot]..<stops[slot] {
                    let digit = buffer[i] &- 48
                    guard digit < 10 else { return nil }
                    let (times, o1) = value.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
                    if o1 || o2 { return nil }
                    value = sum
                }
                return value
            }
            func int(_ c: Column) -> Int? { number(c).map { Int(clamping: $0) } }
            func isField(_ c: Column, _ literal: StaticString) -> Bool {
                let slot = c.rawValue
                guard stops[slot] - starts[slot] == literal.utf8CodeUnitCount else { return false }
                return literal.withUTF8Buffer { lit in
                    for i in 0..<lit.count where buffer[starts[slot] + i] != lit[i] { return false }
                    return true
                }
            }

            if isField(.svname, "FRONTEND") || int(.type) == 0 || int(.type) == 3 {
                position = stop + 1
                continue
            }
            let poolName = text(.pxname)
            let at: Int
            if let existing = poolIndex[poolName] {
                at = existing
            } else {
                at = pools.count
                poolIndex[poolName] = at
                pools.append(BalancerPool(source: source, name: poolName, instances: []))
            }
            let requests = number(.reqTot) ?? number(.stot)
            let counters = InstanceCounters(requests: requests, responses5xx: number(.hrsp5xx))
            if isField(.svname, "BACKEND") || int(.type) == 1 {
                poolsWithAggregate.insert(at)
                pools[at].counters = counters
                pools[at].sessions = int(.scur) ?? 0
                pools[at].queue = int(.qcur) ?? 0
            } else {
                let effective = int(.weight) ?? 0
                var checkStatus = text(.checkStatus)
                if checkStatus.hasPrefix("* ") { checkStatus.removeFirst(2) }
                let address = text(.addr)
                let instance = BalancerInstance(
                    source: source, pool: poolName, name: text(.svname),
                    address: address.isEmpty ? nil : address,
                    status: InstanceStatus(haproxy: text(.status)),
                    effectiveWeight: effective, configuredWeight: int(.uweight) ?? effective,
                    sessions: int(.scur) ?? 0, queue: int(.qcur) ?? 0, counters: counters,
                    responseTimeMs: int(.rtime), totalTimeMs: int(.ttime),
                    checkStatus: checkStatus, checkDescription: text(.checkDesc),
                    breaker: .notObserved,
                    breakerEvidence: .haproxy(failedObservations: number(.hanafail), checkStatus: checkStatus, throttlePercent: int(.throttle)),
                    secondsSinceChange: int(.lastchg)
                )
                pools[at].instances.append(instance)
            }
            position = stop + 1
        }
        // HAProxy ends every backend with its BACKEND row: a table that has them but lacks the last
        // one was cut off at a line boundary.
        if !poolsWithAggregate.isEmpty, let last = pools.indices.last, !poolsWithAggregate.contains(last) {
            throw .truncated(line: lineNumber, detail: "it ends before the BACKEND row of \(pools[last].name)")
        }
        for index in pools.indices { pools[index].computeShares() }
        return pools
    }

    private static func lineEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < buffer.count, buffer[index] != newline { index += 1 }
        return index
    }

    /// `# pxname,svname,…` (runtime API) or `pxname,svname,…`: a comma-separated line naming both
    /// `pxname` and `svname`, in any position.
    private static func looksLikeHeader(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> Bool {
        var index = start
        if index < stop, buffer[index] == hash { index += 1 }
        while index < stop, buffer[index] == space { index += 1 }
        let line = String(decoding: UnsafeBufferPointer(rebasing: buffer[index..<min(stop, index + 4096)]), as: UTF8.self)
        let names = line.split(separator: ",", omittingEmptySubsequences: false)
        return names.count >= 2 && names.contains("pxname") && names.contains("svname")
    }
}
