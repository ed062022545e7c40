import Foundation

/// Reads HAProxy's `show stat` CSV (runtime API, or the stats page with `;csv`).
///
/// Columns are found by their header name, never by position (2.6 has 100+ columns; other versions
/// add or drop some). Fields may be quoted (`"a,b"`, `""` for a quote). `FRONTEND` rows are
/// ignored, `BACKEND` rows give each pool's own figures, every other row of a backend is an
/// instance.
///
/// The response is read once, in place: the header maps the kept columns to positions
/// (``HAProxyCSVHeader``), each row is split without copying (``HAProxyCSVRow``), numbers are
/// read straight from the bytes and strings are made only for names, status and check texts.
/// `postmoterm-bench poll` measures it on a 1,000-server table.
public enum HAProxyCSVParser {
    /// Parses `bytes` into a snapshot labelled with `source`. Shares are computed; rates and
    /// breaker states are left for ``SnapshotHistory``.
    public static func parse(
        _ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double
    ) throws(HAProxyCSVError) -> BalancerSnapshot {
        var strings = HAProxyCSVStrings()
        return try parse(bytes, source: source, takenAt: takenAt, monotonicTime: monotonicTime, strings: &strings)
    }

    /// Parses `bytes` like ``parse(_:source:takenAt:monotonicTime:)``, reusing the names and
    /// addresses of the source's previous answer (`strings`) where a row repeats them, and
    /// leaving this answer's in `strings` for the next poll (unchanged when parsing fails).
    public static func parse(
        _ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double, strings: inout HAProxyCSVStrings
    ) throws(HAProxyCSVError) -> BalancerSnapshot {
        let pools: [BalancerPool]
        do {
            pools = try bytes.withUnsafeBufferPointer { buffer throws(HAProxyCSVError) in
                try parsePools(buffer, source: source, strings: &strings)
            }
        }
        // Only now that the answer parsed: its bytes are what the next answer's rows are compared with.
        strings.answer = bytes
        return BalancerSnapshot(source: source, kind: .haproxy, pools: pools, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    /// Convenience for text (tests, fixtures).
    public static func parse(_ text: String, source: String, takenAt: Timestamp, monotonicTime: Double) throws(HAProxyCSVError) -> BalancerSnapshot {
        try parse(Array(text.utf8), source: source, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    private static func parsePools(
        _ buffer: UnsafeBufferPointer<UInt8>, source: String, strings: inout HAProxyCSVStrings
    ) throws(HAProxyCSVError) -> [BalancerPool] {
        let header = try HAProxyCSVHeader(buffer, previous: strings.header)
        var row = HAProxyCSVRow(buffer, keptColumns: header.columns)
        let pxname = header[.pxname], svname = header[.svname], type = header[.type]
        let qcur = header[.qcur], scur = header[.scur], status = header[.status]
        let weight = header[.weight], uweight = header[.uweight], lastchg = header[.lastchg]
        let checkStatus = header[.checkStatus], checkDesc = header[.checkDesc], addr = header[.addr]
        let hrsp5xx = header[.hrsp5xx], reqTot = header[.reqTot], stot = header[.stot]
        let rtime = header[.rtime], ttime = header[.ttime], hanafail = header[.hanafail], throttle = header[.throttle]

        var pools: [BalancerPool] = []
        var poolIndex: [String: Int] = [:]
        var hasAggregate: [Bool] = []
        // The pool rows are being added to, and its instances, taken out of `pools` meanwhile so
        // appending never goes through the outer array.
        var current = -1
        var currentName = ""
        var instances: [BalancerInstance] = []
        var lastStatusText = "", lastStatus = InstanceStatus.up
        // The last answer's rows are compared with only when they have the same columns and the
        // kept instances the same source.
        let known = strings
        let knownRows = header.isRepeat && known.source == source ? known.rows.count : 0
        var rows: [HAProxyCSVKnownRow] = []
        var kept: [BalancerInstance] = []
        var aggregates: [HAProxyCSVAggregate] = []
        var reused = 0
        rows.reserveCapacity(known.rows.count)
        kept.reserveCapacity(known.instances.count)
        let end = buffer.count
        var lineNumber = 1
        var position = header.end + 1

        /// Makes `poolName` the pool rows are added to (a new one the first time it is seen).
        func select(_ poolName: String, rowLength: Int) {
            guard current < 0 || poolName != currentName else { return }
            if current >= 0 { swap(&instances, &pools[current].instances) }
            if let known = poolIndex[poolName] {
                current = known
            } else {
                current = pools.count
                poolIndex[poolName] = current
                pools.append(BalancerPool(source: source, name: poolName, instances: []))
                hasAggregate.append(false)
            }
            currentName = poolName
            swap(&instances, &pools[current].instances)
            if pools.count == 1, instances.isEmpty {
                // The first pool gets room for the rest of the response (usually one big
                // backend), estimated from the rows of the last answer or the length of this row.
                instances.reserveCapacity(max(known.instances.count, (end - position) / max(1, rowLength) + 2))
            }
        }

        try known.answer.withUnsafeBufferPointer { previous throws(HAProxyCSVError) in
            while position < end {
                lineNumber += 1
                let stop = ByteScan.lineEnd(buffer, from: position)
                if stop == position || (stop == position + 1 && buffer[position] == ByteScan.cr) {
                    position = stop + 1
                    continue
                }
                guard stop < end else { throw .truncated(line: lineNumber, detail: "the last row has no line end") }
                if buffer[position] == ByteScan.hash {
                    position = stop + 1
                    continue
                }
                let rowStart = position
                position = stop + 1
                let ordinal = rows.count

                // The same row as last time but for lastchg: its result again.
                if ordinal < knownRows, let lastchgEnd = Self.sameRow(buffer, rowStart, stop, as: known.rows[ordinal], in: previous) {
                    let was = known.rows[ordinal]
                    let lastchgStart = was.lastchgStart < 0 ? -1 : rowStart + (was.lastchgStart - was.start)
                    var memory = HAProxyCSVKnownRow(
                        start: rowStart, end: stop, lastchgStart: lastchgStart, lastchgEnd: lastchgStart < 0 ? -1 : lastchgEnd, kind: was.kind)
                    switch was.kind {
                    case .skipped:
                        break
                    case .aggregate(let index):
                        let aggregate = known.aggregates[index]
                        select(aggregate.pool, rowLength: stop - rowStart)
                        hasAggregate[current] = true
                        pools[current].counters = aggregate.counters
                        pools[current].sessions = aggregate.sessions
                        pools[current].queue = aggregate.queue
                        memory.kind = .aggregate(aggregates.count)
                        aggregates.append(aggregate)
                    case .instance(let index):
                        var instance = known.instances[index]
                        if lastchgStart >= 0 {
                            instance.secondsSinceChange = ByteScan.decimal(buffer.baseAddress!, lastchgStart, lastchgEnd).map { Int(clamping: $0) }
                        }
                        select(instance.pool, rowLength: stop - rowStart)
                        memory.kind = .instance(kept.count)
                        kept.append(instance)
                        instances.append(instance)
                    }
                    rows.append(memory)
                    reused += 1
                    continue
                }

                try row.split(rowStart, stop, line: lineNumber)
                if row.fieldCount < header.fieldCount {
                    throw .truncated(line: lineNumber, detail: "\(row.fieldCount) fields where the header names \(header.fieldCount)")
                }
                let bounds = row.unquotedBounds(lastchg)
                var memory = HAProxyCSVKnownRow(start: rowStart, end: stop, lastchgStart: bounds?.start ?? -1, lastchgEnd: bounds?.end ?? -1, kind: .skipped)
                defer { rows.append(memory) }

                let rowType = row.number(type)
                if rowType == 0 || rowType == 3 || row.equals(svname, "FRONTEND") { continue }
                select(row.text(pxname), rowLength: stop - rowStart)
                let counters = InstanceCounters(requests: row.number(reqTot) ?? row.number(stot), responses5xx: row.number(hrsp5xx))
                if rowType == 1 || row.equals(svname, "BACKEND") {
                    hasAggregate[current] = true
                    pools[current].counters = counters
                    pools[current].sessions = row.int(scur) ?? 0
                    pools[current].queue = row.int(qcur) ?? 0
                    memory.kind = .aggregate(aggregates.count)
                    aggregates.append(HAProxyCSVAggregate(
                        pool: currentName, counters: counters, sessions: pools[current].sessions, queue: pools[current].queue))
                    continue
                }
                let statusText = row.text(status)
                if statusText != lastStatusText {
                    lastStatus = InstanceStatus(haproxy: statusText)
                    lastStatusText = statusText
                }
                var check = row.text(checkStatus)
                if check.utf8.first == UInt8(ascii: "*"), check.hasPrefix("* ") { check.removeFirst(2) }
                // The previous answer's strings where this row repeats them, and its whole profile
                // when the row says the same (only traffic moved): nothing to allocate.
                let instanceOrdinal = kept.count
                let candidate = instanceOrdinal < known.instances.count ? known.instances[instanceOrdinal].profile : nil
                let name: String, address: String
                if let candidate {
                    name = row.text(svname, sameAs: candidate.name)
                    address = row.text(addr, sameAs: candidate.address ?? "")
                } else {
                    name = row.text(svname)
                    address = row.text(addr)
                }
                let effective = row.int(weight) ?? 0
                let configured = row.int(uweight) ?? effective
                let description = row.text(checkDesc)
                let evidence = BreakerEvidence.haproxy(failedObservations: row.number(hanafail), throttlePercent: row.int(throttle))
                let profile: InstanceProfile
                if let candidate, candidate.effectiveWeight == effective, candidate.configuredWeight == configured,
                    candidate.name == name, candidate.address == (address.isEmpty ? nil : address), candidate.pool == currentName,
                    candidate.source == source, candidate.status == lastStatus, candidate.checkStatus == check,
                    candidate.checkDescription == description, candidate.breakerEvidence == evidence
                {
                    profile = candidate
                } else {
                    profile = InstanceProfile(
                        source: source, pool: currentName, name: name, address: address.isEmpty ? nil : address, status: lastStatus,
                        effectiveWeight: effective, configuredWeight: configured, checkStatus: check, checkDescription: description,
                        breakerEvidence: evidence)
                }
                memory.kind = .instance(kept.count)
                kept.append(BalancerInstance(
                    profile: profile, sessions: row.int(scur) ?? 0, queue: row.int(qcur) ?? 0, counters: counters,
                    responseTimeMs: row.int(rtime), totalTimeMs: row.int(ttime), secondsSinceChange: row.int(lastchg)))
                instances.append(kept[kept.count - 1])
            }
        }
        if current >= 0 { swap(&instances, &pools[current].instances) }
        // HAProxy ends every backend with its BACKEND row: a table that has them but lacks the last
        // one was cut off at a line boundary.
        if hasAggregate.contains(true), let last = pools.indices.last, !hasAggregate[last] {
            throw .truncated(line: lineNumber, detail: "it ends before the BACKEND row of \(pools[last].name)")
        }
        for index in pools.indices { pools[index].computeShares() }
        strings.header = header
        strings.source = source
        strings.rows = rows
        strings.instances = kept
        strings.aggregates = aggregates
        strings.reusedRows = reused
        return pools
    }

    /// Whether the row `start..<stop` of `buffer` has the bytes of `known` in `previous` but for
    /// the digits of its `lastchg` field; returns where the new `lastchg` field ends (or `stop` for
    /// a row the same throughout). `nil` when anything else differs: the row is read in full.
    @inline(__always)
    private static func sameRow(
        _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, as known: HAProxyCSVKnownRow, in previous: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        guard let base = buffer.baseAddress, let old = previous.baseAddress else { return nil }
        let length = stop - start
        guard known.lastchgStart >= 0 else {
            guard length == known.end - known.start, memcmp(base + start, old + known.start, length) == 0 else { return nil }
            return stop
        }
        // Before lastchg: the same bytes, so the field starts at the same offset, outside quotes.
        let before = known.lastchgStart - known.start
        guard length > before, memcmp(base + start, old + known.start, before) == 0 else { return nil }
        let fieldStart = start + before
        // The new field: digits up to the next comma (a quote, or no comma, and the row is read in full).
        guard base[fieldStart] != ByteScan.quote,
            let comma = memchr(base + fieldStart, Int32(ByteScan.comma), stop - fieldStart)
        else { return nil }
        let fieldEnd = base.distance(to: comma.assumingMemoryBound(to: UInt8.self))
        // After lastchg: the same bytes to the line end.
        let after = known.end - known.lastchgEnd
        guard stop - fieldEnd == after, memcmp(base + fieldEnd, old + known.lastchgEnd, after) == 0 else { return nil }
        return fieldEnd
    }
}
