import Foundation

/// Reads HAProxy's `show stat` CSV (runtime API, or the stats page with `;csv`).
///
/// Columns are found by their header name, never by position (2.6 has 100+ columns; other versions
/// add or drop some). Fields may be quoted (`"a,b"`, `""` for a quote). `FRONTEND` rows are
/// the snapshot's frontends, `BACKEND` rows give each pool's own figures, every other row of a
/// backend is an instance; each also gets hatop's figures (``TrafficDetail``).
///
/// The response is read once, in place: the header maps the kept columns to positions
/// (``HAProxyCSVHeader``), each row is split without copying (``HAProxyCSVRow``), numbers are
/// read straight from the bytes and strings are made only for names, status and check texts.
///
/// With the source's memory of its last answer (``HAProxyPreviousAnswer``), a row whose bytes are
/// those of the same row last time but for `lastchg` is not read at all: its instance is taken
/// again with only `lastchg` read, and a row that did change keeps the last instance's strings
/// and profile (``InstanceProfile``) where it says the same. The result is exactly that of a
/// parse without memory (`BalancerCSVRowReuseTests` compare the two on every kind of change).
/// `postmoterm-bench poll` measures it on a 1,000-server table, idle and with traffic.
public enum HAProxyCSVParser {
    /// Parses `bytes` into a snapshot labelled with `source`. Shares are computed; rates and
    /// breaker states are left for ``SnapshotHistory``.
    public static func parse(
        _ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double
    ) throws(HAProxyCSVError) -> BalancerSnapshot {
        var strings = HAProxyPreviousAnswer()
        return try parse(bytes, source: source, takenAt: takenAt, monotonicTime: monotonicTime, previousAnswer: &strings)
    }

    /// Parses `bytes` like ``parse(_:source:takenAt:monotonicTime:)``, taking again what the
    /// source's previous answer (`strings`) gave where a row repeats it, and leaving this
    /// answer's in `strings` for the next poll. When parsing fails, `strings` keeps the strings
    /// and profiles (still compared before use) but no rows to take again: the next answer is
    /// read in full. `bytes` itself is kept (shared, not copied) until the next answer.
    public static func parse(
        _ bytes: [UInt8], source: String, takenAt: Timestamp, monotonicTime: Double, previousAnswer strings: inout HAProxyPreviousAnswer
    ) throws(HAProxyCSVError) -> BalancerSnapshot {
        let pools: [BalancerPool], frontends: [BalancerFrontend]
        let previousAnswer = strings.answer
        do {
            (pools, frontends) = try bytes.withUnsafeBufferPointer { buffer throws(HAProxyCSVError) in
                try previousAnswer.withUnsafeBufferPointer { previous throws(HAProxyCSVError) in
                    try parsePools(buffer, previous: previous, source: source, strings: &strings)
                }
            }
        }
        // Only now that the answer parsed: its bytes are what the next answer's rows are compared with.
        strings.answer = bytes
        var snapshot = BalancerSnapshot(source: source, kind: .haproxy, pools: pools, takenAt: takenAt, monotonicTime: monotonicTime)
        snapshot.frontends = frontends
        return snapshot
    }

    /// Checks that a runtime API answer is whole: HAProxy ends every answer of its stats socket
    /// with an empty line (`…\n\n`; in interactive mode before the prompt), so an answer that
    /// lacks it was cut off — after a complete row, or in the header — and is a failed poll,
    /// never a table of the rows that survived (issue 18.11). (The stats page over HTTP ends
    /// with a single newline; there the HTTP framing tells a cut answer.)
    public static func requireRuntimeAnswerEnd(_ bytes: [UInt8]) throws(HAProxyCSVError) {
        guard bytes.count >= 2, bytes[bytes.count - 1] == ByteScan.newline, bytes[bytes.count - 2] == ByteScan.newline else {
            if bytes.isEmpty { throw .empty }
            let lines = bytes.reduce(into: 1) { count, byte in if byte == ByteScan.newline { count += 1 } }
            throw .truncated(line: lines, detail: "the answer ends without the empty line that ends every runtime API answer (cut off)")
        }
    }

    /// Convenience for text (tests, fixtures).
    public static func parse(_ text: String, source: String, takenAt: Timestamp, monotonicTime: Double) throws(HAProxyCSVError) -> BalancerSnapshot {
        try parse(Array(text.utf8), source: source, takenAt: takenAt, monotonicTime: monotonicTime)
    }

    /// The rows of `buffer` after its header as pools and frontends; `previous`: the last answer
    /// (``HAProxyPreviousAnswer/answer``), whose rows `strings` describes.
    private static func parsePools(
        _ buffer: UnsafeBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>, source: String, strings: inout HAProxyPreviousAnswer
    ) throws(HAProxyCSVError) -> ([BalancerPool], [BalancerFrontend]) {
        let header = try HAProxyCSVHeader(buffer, previous: strings.header)
        var row = HAProxyCSVRow(buffer, keptColumns: header.columns + header.detailColumns + header.tickingColumns)
        let detailColumns = header.detailColumns
        let skipOrder = HAProxyCSVRow.skipOrder(lastchg: header[.lastchg], ticking: header.tickingColumns)
        let reqRate = header[.reqRate], rate = header[.rate]
        let pxname = header[.pxname], svname = header[.svname], type = header[.type]
        let qcur = header[.qcur], scur = header[.scur], status = header[.status]
        let weight = header[.weight], uweight = header[.uweight], iweight = header[.iweight], lastchg = header[.lastchg]
        let checkStatus = header[.checkStatus], checkDesc = header[.checkDesc], addr = header[.addr]
        let hrsp5xx = header[.hrsp5xx], reqTot = header[.reqTot], stot = header[.stot]
        let rtime = header[.rtime], ttime = header[.ttime], hanafail = header[.hanafail], throttle = header[.throttle]

        var builder = HAProxyCSVPoolBuilder(source: source)
        // The status of the last row read in full, by its text (rows of a pool mostly say the
        // same): seeded with what an empty field means, so a cached value is never another text's.
        var lastStatusText = "", lastStatus = InstanceStatus(haproxy: "")
        // The last answer's instances become this answer's in place: `kept[..<count]` are this
        // answer's so far, `kept[count...]` still the last answer's (a row reused or compared
        // with is never behind `count`). Taken out of `strings` so the array is not shared.
        var kept: [BalancerInstance] = []
        swap(&kept, &strings.instances)
        var count = 0
        // The last answer's rows are compared with only when they have the same columns and the
        // kept instances the same source.
        let knownRows = header.isRepeat && strings.source == source ? strings.rows : []
        let knownAggregates = strings.aggregates
        let knownFrontends = strings.frontends
        var rows: [HAProxyCSVKnownRow] = []
        var aggregates: [HAProxyCSVAggregate] = []
        var frontends: [BalancerFrontend] = []
        var reused = 0
        rows.reserveCapacity(strings.rows.count)
        let end = buffer.count
        var lineNumber = 1
        var position = header.end + 1

        do throws(HAProxyCSVError) {
            while position < end {
                lineNumber += 1
                let rowStart = position
                let ordinal = rows.count

                // The same row as last time but for lastchg: its result again.
                if ordinal < knownRows.count, let (stop, skips) = Self.sameRow(buffer, at: rowStart, as: knownRows[ordinal], in: previous) {
                    let was = knownRows[ordinal]
                    var takenAgain = true
                    if case .instance(let index) = was.kind, index < count { takenAgain = false }  // already overwritten
                    if takenAgain {
                        position = stop + 1
                        var memory = HAProxyCSVKnownRow(start: rowStart, end: stop, skips: skips, kind: was.kind)
                        switch was.kind {
                        case .skipped:
                            break
                        case .frontend(let index):
                            memory.kind = .frontend(frontends.count)
                            frontends.append(knownFrontends[index])
                        case .aggregate(let index):
                            let aggregate = knownAggregates[index]
                            builder.select(aggregate.pool, room: max(kept.count, (end - position) / max(1, stop - rowStart) + 2))
                            builder.setAggregate(
                                counters: aggregate.counters, sessions: aggregate.sessions, queue: aggregate.queue, detail: aggregate.detail)
                            memory.kind = .aggregate(aggregates.count)
                            aggregates.append(aggregate)
                        case .instance(let index):
                            if index != count { kept[count] = kept[index] }
                            let lastchgField = skips.lastchg
                            let seconds = lastchgField.flatMap { ByteScan.decimal(buffer.baseAddress!, $0.start, $0.end) }.map { Int(clamping: $0) }
                            memory.kind = .instance(count)
                            let room = max(kept.count, (end - position) / max(1, stop - rowStart) + 2)
                            // Built field by field from the kept instance in place: no copy of it is
                            // made first. `kept` itself is not written, so its `secondsSinceChange`
                            // may be older (see ``HAProxyPreviousAnswer/instances``).
                            kept.withUnsafeBufferPointer { kept in
                                let old = kept.baseAddress! + count
                                builder.select(old.pointee.pool, room: room)
                                builder.instances.append(BalancerInstance(
                                    profile: old.pointee.profile, share: old.pointee.share, sessions: old.pointee.sessions,
                                    queue: old.pointee.queue, counters: old.pointee.counters, rates: old.pointee.rates,
                                    responseTimeMs: old.pointee.responseTimeMs, totalTimeMs: old.pointee.totalTimeMs,
                                    breaker: old.pointee.breaker, secondsSinceChange: lastchgField == nil ? old.pointee.secondsSinceChange : seconds,
                                    detail: old.pointee.detail))
                            }
                            count += 1
                        }
                        rows.append(memory)
                        reused += 1
                        continue
                    }
                }

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
                position = stop + 1

                try row.split(rowStart, stop, line: lineNumber)
                if row.fieldCount < header.fieldCount {
                    throw .truncated(line: lineNumber, detail: "\(row.fieldCount) fields where the header names \(header.fieldCount)")
                }
                var memory = HAProxyCSVKnownRow(start: rowStart, end: stop, skips: row.skips(skipOrder), kind: .skipped)

                let rowType = row.number(type)
                if rowType == 3 {
                    rows.append(memory)
                    continue
                }
                let counters = InstanceCounters(requests: row.number(reqTot) ?? row.number(stot), responses5xx: row.number(hrsp5xx))
                if rowType == 0 || row.equals(svname, "FRONTEND") {
                    frontends.append(BalancerFrontend(
                        name: row.text(pxname), status: row.text(status), sessions: row.int(scur) ?? 0, counters: counters,
                        requestRate: row.int(reqRate) ?? row.int(rate), detail: row.detail(detailColumns)))
                    memory.kind = .frontend(frontends.count - 1)
                    rows.append(memory)
                    continue
                }
                builder.select(row.text(pxname), room: max(kept.count, (end - position) / max(1, stop - rowStart) + 2))
                if rowType == 1 || row.equals(svname, "BACKEND") {
                    let aggregate = HAProxyCSVAggregate(
                        pool: builder.currentName, counters: counters, sessions: row.int(scur) ?? 0, queue: row.int(qcur) ?? 0,
                        detail: row.detail(detailColumns))
                    builder.setAggregate(counters: counters, sessions: aggregate.sessions, queue: aggregate.queue, detail: aggregate.detail)
                    memory.kind = .aggregate(aggregates.count)
                    aggregates.append(aggregate)
                    rows.append(memory)
                    continue
                }
                let statusText = row.text(status)
                if statusText != lastStatusText {
                    lastStatus = InstanceStatus(haproxy: statusText)
                    lastStatusText = statusText
                }
                var check = row.text(checkStatus)
                if check.utf8.first == UInt8(ascii: "*"), check.hasPrefix("* ") { check.removeFirst(2) }
                // The last answer's strings where this row repeats them, and its whole profile
                // when the row says the same (only traffic moved): nothing to allocate.
                let candidate = count < kept.count ? kept[count].profile : nil
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
                let initial = row.int(iweight)
                let description = row.text(checkDesc)
                let evidence = BreakerEvidence.haproxy(failedObservations: row.number(hanafail), throttlePercent: row.int(throttle))
                // Compared field by field, not as a built `Fields`: a row whose profile did not
                // change then costs no string retained or released.
                let profile: InstanceProfile
                if let candidate, candidate.effectiveWeight == effective, candidate.configuredWeight == configured,
                    candidate.initialWeight == initial,
                    candidate.breakerEvidence == evidence, candidate.status == lastStatus,
                    candidate.name == name, candidate.address == (address.isEmpty ? nil : address),
                    candidate.checkStatus == check, candidate.checkDescription == description,
                    candidate.pool == builder.currentName, candidate.source == source
                {
                    profile = candidate
                } else {
                    profile = InstanceProfile(InstanceProfile.Fields(
                        source: source, pool: builder.currentName, name: name, address: address.isEmpty ? nil : address,
                        status: lastStatus, effectiveWeight: effective, configuredWeight: configured, initialWeight: initial, checkStatus: check,
                        checkDescription: description, breakerEvidence: evidence))
                }
                let instance = BalancerInstance(
                    profile: profile, sessions: row.int(scur) ?? 0, queue: row.int(qcur) ?? 0, counters: counters,
                    responseTimeMs: row.int(rtime), totalTimeMs: row.int(ttime), secondsSinceChange: row.int(lastchg),
                    detail: row.detail(detailColumns))
                builder.instances.append(instance)
                if count < kept.count { kept[count] = instance } else { kept.append(instance) }
                memory.kind = .instance(count)
                count += 1
                rows.append(memory)
            }
        } catch {
            // The instances kept are partly this answer's now: still good for their strings and
            // profiles (both are compared before being used), but no longer where the last
            // answer's rows say; the next answer's rows are read in full.
            strings.instances = kept
            strings.rows = []
            throw error
        }
        let pools: [BalancerPool]
        do throws(HAProxyCSVError) {
            pools = try builder.finish(line: lineNumber)
        } catch {
            strings.instances = kept
            strings.rows = []
            throw error
        }
        if count < kept.count { kept.removeLast(kept.count - count) }
        strings.header = header
        strings.source = source
        strings.rows = rows
        strings.instances = kept
        strings.aggregates = aggregates
        strings.frontends = frontends
        strings.reusedRows = reused
        return (pools, frontends)
    }

    /// Whether the line at `start` of `buffer` has the bytes of the `known` row of `previous` but
    /// for the digits of its skipped fields (``HAProxyCSVKnownRow/Skips``), and ends in a newline
    /// there; returns where it ends (its newline) and where its skipped fields lie. `nil` when
    /// anything else differs: the row is read in full. The line end is found by the comparison
    /// itself (no scan for it): each stretch between skipped fields is one `memcmp`.
    @inline(__always)
    private static func sameRow(
        _ buffer: UnsafeBufferPointer<UInt8>, at start: Int, as known: HAProxyCSVKnownRow, in previous: UnsafeBufferPointer<UInt8>
    ) -> (stop: Int, skips: HAProxyCSVKnownRow.Skips)? {
        guard let base = buffer.baseAddress, let old = previous.baseAddress else { return nil }
        let end = buffer.count
        // A comment line is never a row, even when the part compared matches.
        guard start < end, base[start] != ByteScan.hash else { return nil }
        var skips = HAProxyCSVKnownRow.Skips()
        skips.lastchgSlot = known.skips.lastchgSlot
        var oldCursor = known.start, newCursor = start
        for index in 0..<known.skips.count {
            // Up to the field: the same bytes, so it starts at the same offset, outside quotes.
            let field = known.skips[index]
            let before = field.start - oldCursor
            guard newCursor + before < end, memcmp(base + newCursor, old + oldCursor, before) == 0 else { return nil }
            // The new field: up to the next comma, without a quote or a line end (or the row is read in full).
            let fieldStart = newCursor + before
            var fieldEnd = fieldStart
            while fieldEnd < end {
                let byte = base[fieldEnd]
                if byte == ByteScan.comma { break }
                if byte == ByteScan.newline || byte == ByteScan.quote { return nil }
                fieldEnd += 1
            }
            skips.append(fieldStart, fieldEnd)
            oldCursor = field.end
            newCursor = fieldEnd
        }
        // After the last skipped field: the same bytes to the newline.
        let after = known.end - oldCursor
        let stop = newCursor + after
        guard stop < end, base[stop] == ByteScan.newline, memcmp(base + newCursor, old + oldCursor, after) == 0 else { return nil }
        return (stop, skips)
    }
}
