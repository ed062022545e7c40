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
        let known = strings
        var names: [String] = [], addresses: [String] = []
        names.reserveCapacity(known.names.count)
        addresses.reserveCapacity(known.addresses.count)
        let end = buffer.count
        var lineNumber = 1
        var position = header.end + 1

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
            try row.split(position, stop, line: lineNumber)
            if row.fieldCount < header.fieldCount {
                throw .truncated(line: lineNumber, detail: "\(row.fieldCount) fields where the header names \(header.fieldCount)")
            }
            let rowStart = position
            position = stop + 1

            let rowType = row.number(type)
            if rowType == 0 || rowType == 3 || row.equals(svname, "FRONTEND") { continue }
            let poolName = row.text(pxname)
            if current < 0 || poolName != currentName {
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
                    // backend), estimated from the length of this row; later ones grow as usual.
                    instances.reserveCapacity((end - rowStart) / max(1, stop - rowStart) + 1)
                }
            }
            let counters = InstanceCounters(requests: row.number(reqTot) ?? row.number(stot), responses5xx: row.number(hrsp5xx))
            if rowType == 1 || row.equals(svname, "BACKEND") {
                hasAggregate[current] = true
                pools[current].counters = counters
                pools[current].sessions = row.int(scur) ?? 0
                pools[current].queue = row.int(qcur) ?? 0
                continue
            }
            let statusText = row.text(status)
            if statusText != lastStatusText {
                lastStatus = InstanceStatus(haproxy: statusText)
                lastStatusText = statusText
            }
            var check = row.text(checkStatus)
            if check.utf8.first == UInt8(ascii: "*"), check.hasPrefix("* ") { check.removeFirst(2) }
            // The previous answer's strings where this row repeats them (see HAProxyCSVStrings).
            let ordinal = names.count
            let name = ordinal < known.names.count ? row.text(svname, sameAs: known.names[ordinal]) : row.text(svname)
            let address = ordinal < known.addresses.count ? row.text(addr, sameAs: known.addresses[ordinal]) : row.text(addr)
            names.append(name)
            addresses.append(address)
            let effective = row.int(weight) ?? 0
            // Built right in the append (see ``BalancerInstance/init``): no temporary to copy.
            instances.append(BalancerInstance(
                source: source, pool: currentName, name: name,
                address: address.isEmpty ? nil : address,
                status: lastStatus,
                effectiveWeight: effective, configuredWeight: row.int(uweight) ?? effective,
                sessions: row.int(scur) ?? 0, queue: row.int(qcur) ?? 0, counters: counters,
                responseTimeMs: row.int(rtime), totalTimeMs: row.int(ttime),
                checkStatus: check, checkDescription: row.text(checkDesc),
                breaker: .notObserved,
                breakerEvidence: .haproxy(failedObservations: row.number(hanafail), throttlePercent: row.int(throttle)),
                secondsSinceChange: row.int(lastchg)
            ))
        }
        if current >= 0 { swap(&instances, &pools[current].instances) }
        // HAProxy ends every backend with its BACKEND row: a table that has them but lacks the last
        // one was cut off at a line boundary.
        if hasAggregate.contains(true), let last = pools.indices.last, !hasAggregate[last] {
            throw .truncated(line: lineNumber, detail: "it ends before the BACKEND row of \(pools[last].name)")
        }
        for index in pools.indices { pools[index].computeShares() }
        strings.header = header
        strings.names = names
        strings.addresses = addresses
        return pools
    }
}
