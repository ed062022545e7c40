import Foundation

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
        // nextNeeded[k]: the first kept column at or after k (Int.max when none).
        let columnCount = names.count
        var nextNeeded = [Int](repeating: Int.max, count: columnCount + 1)
        if columnCount > 0 {
            for k in stride(from: columnCount - 1, through: 0, by: -1) {
                nextNeeded[k] = slotOfColumn[k] >= 0 ? k : nextNeeded[k + 1]
            }
        }

        var pools: [BalancerPool] = []
        var poolIndex: [String: Int] = [:]
        // Per-row field positions and the last-string cache live in raw buffers: the helper
        // functions below capture them without boxing, so no exclusivity checks run per field.
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: slotCount)
        let stops = UnsafeMutableBufferPointer<Int>.allocate(capacity: slotCount)
        let quoted = UnsafeMutableBufferPointer<Bool>.allocate(capacity: slotCount)
        let cacheStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: slotCount)
        let cacheStops = UnsafeMutableBufferPointer<Int>.allocate(capacity: slotCount)
        let cacheValues = UnsafeMutableBufferPointer<String>.allocate(capacity: slotCount)
        starts.initialize(repeating: 0)
        stops.initialize(repeating: -1)
        quoted.initialize(repeating: false)
        cacheStarts.initialize(repeating: 0)
        cacheStops.initialize(repeating: -1)
        cacheValues.initialize(repeating: "")
        defer {
            starts.deallocate()
            stops.deallocate()
            quoted.deallocate()
            cacheStarts.deallocate()
            cacheStops.deallocate()
            _ = cacheValues.deinitialize()
            cacheValues.deallocate()
        }
        var lastStatusText = "", lastStatus = InstanceStatus.up
        var lastPool = -1
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
            let base = buffer.baseAddress!
            if memchr(base + position, Int32(quote), stop - position) == nil {
                // Fast path (no quotes, i.e. every HAProxy row): find commas 8 bytes at a time;
                // words that end no kept field are skipped by their comma count alone.
                var fieldBegin = position
                while cursor < stop {
                    let width = min(8, stop - cursor)
                    var mask: UInt64 = 0
                    if width == 8 {
                        mask = Self.byteMask(UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self), of: comma)
                    } else {
                        for offset in 0..<width where base[cursor + offset] == comma { mask |= 0x80 << UInt64(offset * 8) }
                    }
                    if mask != 0 {
                        let commas = Int(truncatingIfNeeded: ((mask >> 7) &* 0x0101_0101_0101_0101) >> 56)
                        if (column < columnCount ? nextNeeded[column] : Int.max) > column + commas {
                            column += commas
                        } else {
                            while mask != 0 {
                                let at = cursor + mask.trailingZeroBitCount / 8
                                if column < columnCount {
                                    let slot = slotOfColumn[column]
                                    if slot >= 0 {
                                        starts[slot] = fieldBegin
                                        stops[slot] = at
                                        quoted[slot] = false
                                    }
                                }
                                column += 1
                                fieldBegin = at + 1
                                mask &= mask &- 1
                            }
                        }
                    }
                    cursor += width
                }
                var lastEnd = stop
                if lastEnd > fieldBegin, base[lastEnd - 1] == cr { lastEnd -= 1 }
                if column < columnCount {
                    let slot = slotOfColumn[column]
                    if slot >= 0 {
                        starts[slot] = fieldBegin
                        stops[slot] = lastEnd
                        quoted[slot] = false
                    }
                }
                column += 1
            } else {
                while cursor <= stop {
                    // Most columns are not kept: while the open field and those starting in the next
                    // 8 bytes are not needed, skip the word, counting its commas (SWAR). A quote falls
                    // back to the byte loop.
                    while stop - cursor >= 8, (column < columnCount ? nextNeeded[column] : Int.max) > column {
                        let word = UnsafeRawPointer(buffer.baseAddress! + cursor).loadUnaligned(as: UInt64.self)
                        if Self.byteMask(word, of: quote) != 0 { break }
                        let commas = Int(truncatingIfNeeded: ((Self.byteMask(word, of: comma) >> 7) &* 0x0101_0101_0101_0101) >> 56)
                        if (column < columnCount ? nextNeeded[column] : Int.max) <= column + commas { break }
                        column += commas
                        cursor += 8
                    }
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
            }
            // A trailing comma yields one empty field more than the header names.
            let fields = (column > 0 && stop > position && buffer[stop - 1] == comma) || (stop > position + 1 && buffer[stop - 1] == cr && buffer[stop - 2] == comma) ? column - 1 : column
            if fields < headerFieldCount {
                throw .truncated(line: lineNumber, detail: "\(fields) fields where the header names \(headerFieldCount)")
            }

            func text(_ c: Column) -> String {
                let slot = c.rawValue
                guard stops[slot] > starts[slot] else { return "" }
                // Runs of rows repeat most values (pool, status, check text): reuse the last string.
                if !quoted[slot], cacheStops[slot] - cacheStarts[slot] == stops[slot] - starts[slot] {
                    var same = true
                    var a = cacheStarts[slot], b = starts[slot]
                    while b < stops[slot] {
                        if buffer[a] != buffer[b] { same = false; break }
                        a += 1
                        b += 1
                    }
                    if same { return cacheValues[slot] }
                }
                let bytes = UnsafeBufferPointer(rebasing: buffer[starts[slot]..<stops[slot]])
                var plain = !quoted[slot]
                if plain { for byte in bytes where byte < 0x20 || byte > 0x7E { plain = false; break } }
                let value: String
                if plain {
                    value = String(decoding: bytes, as: UTF8.self)
                } else {
                    let raw = String(decoding: bytes, as: UTF8.self)
                    value = TerminalSafe.escape(quoted[slot] ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw)
                }
                if !quoted[slot] {
                    cacheStarts[slot] = starts[slot]
                    cacheStops[slot] = stops[slot]
                    cacheValues[slot] = value
                }
                return value
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
            if lastPool >= 0, pools[lastPool].name == poolName {
                at = lastPool
            } else if let existing = poolIndex[poolName] {
                at = existing
            } else {
                at = pools.count
                poolIndex[poolName] = at
                var instances: [BalancerInstance] = []
                // The first pool gets room for every remaining row (usually one big backend);
                // later ones grow as usual.
                if pools.isEmpty { instances.reserveCapacity(Self.countLines(buffer, from: position)) }
                pools.append(BalancerPool(source: source, name: poolName, instances: instances))
            }
            lastPool = at
            let requests = number(.reqTot) ?? number(.stot)
            let counters = InstanceCounters(requests: requests, responses5xx: number(.hrsp5xx))
            if isField(.svname, "BACKEND") || int(.type) == 1 {
                poolsWithAggregate.insert(at)
                pools[at].counters = counters
                pools[at].sessions = int(.scur) ?? 0
                pools[at].queue = int(.qcur) ?? 0
            } else {
                let effective = int(.weight) ?? 0
                let statusText = text(.status)
                let status: InstanceStatus
                if statusText == lastStatusText { status = lastStatus } else {
                    status = InstanceStatus(haproxy: statusText)
                    lastStatusText = statusText
                    lastStatus = status
                }
                var checkStatus = text(.checkStatus)
                if checkStatus.hasPrefix("* ") { checkStatus.removeFirst(2) }
                let address = text(.addr)
                pools[at].instances.append(BalancerInstance(
                    source: source, pool: poolName, name: text(.svname),
                    address: address.isEmpty ? nil : address,
                    status: status,
                    effectiveWeight: effective, configuredWeight: int(.uweight) ?? effective,
                    sessions: int(.scur) ?? 0, queue: int(.qcur) ?? 0, counters: counters,
                    responseTimeMs: int(.rtime), totalTimeMs: int(.ttime),
                    checkStatus: checkStatus, checkDescription: text(.checkDesc),
                    breaker: .notObserved,
                    breakerEvidence: .haproxy(failedObservations: number(.hanafail), checkStatus: checkStatus, throttlePercent: int(.throttle)),
                    secondsSinceChange: int(.lastchg)
                ))
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
        guard start < buffer.count, let base = buffer.baseAddress else { return buffer.count }
        guard let found = memchr(base + start, Int32(newline), buffer.count - start) else { return buffer.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Newlines from `start` to the end (memchr-fast).
    private static func countLines(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var count = 0
        var index = start
        while index < buffer.count {
            index = lineEnd(buffer, from: index) + 1
            count += 1
        }
        return count
    }

    /// High bit set in each byte of `word` equal to `byte` (exact, no false positives).
    @inline(__always)
    static func byteMask(_ word: UInt64, of byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let t = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
        return ~t & 0x8080_8080_8080_8080
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
