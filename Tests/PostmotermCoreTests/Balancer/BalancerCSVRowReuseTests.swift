import Foundation
import Testing
@testable import PostmotermCore

/// A row that repeats the previous answer's row but for `lastchg` is taken again from
/// ``HAProxyPreviousAnswer`` instead of being read. Every test here parses a sequence of answers twice
/// — with the memory of the last answer, and afresh each time — and wants the same snapshots
/// (and, through ``SnapshotHistory`` and ``HealthDetector``, the same rates, breakers and
/// findings), whatever changed between two answers.
@Suite struct BalancerCSVRowReuseTests {
    /// The 2.6 header's column names, in order.
    static let columns = BalancerFixtures.header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).dropLast().map(String.init)

    /// A table as HAProxy 2.6 writes it: every column filled as for a real server, so that a
    /// change can be made in any field position.
    struct Table {
        /// Rows as column → value; `pxname`/`svname` name them.
        var rows: [[String: String]]

        init(pools: [(String, Int)]) {
            rows = [Table.values(pool: "fe", name: "FRONTEND", type: 0, index: 0)]
            for (pool, servers) in pools {
                for index in 0..<servers {
                    rows.append(Table.values(pool: pool, name: "\(pool)-server-\(index)", type: 2, index: index))
                }
                rows.append(Table.values(pool: pool, name: "BACKEND", type: 1, index: servers))
            }
        }

        static func values(pool: String, name: String, type: Int, index: Int) -> [String: String] {
            var row: [String: String] = [:]
            for (offset, column) in BalancerCSVRowReuseTests.columns.enumerated() { row[column] = "\(offset + index)" }
            row["pxname"] = pool
            row["svname"] = name
            row["type"] = "\(type)"
            row["status"] = type == 0 ? "OPEN" : (index % 5 == 4 ? "DOWN" : "UP")
            row["weight"] = "\(1 + index % 3)"
            row["uweight"] = "\(1 + index % 3)"
            row["lastchg"] = "\(5 + index)"
            row["check_status"] = index % 2 == 0 ? "L7OK" : "* L4CON"
            row["check_desc"] = "Layer7 check passed"
            row["addr"] = "10.1.2.\(index):8080"
            row["hanafail"] = index % 3 == 0 ? "" : "\(index)"
            row["throttle"] = index % 4 == 3 ? "50" : ""
            return row
        }

        /// A second later: every `lastchg` one higher.
        mutating func tick() {
            for index in rows.indices { rows[index]["lastchg"] = rows[index]["lastchg"].flatMap { Int($0) }.map { "\($0 + 1)" } ?? "" }
        }

        func text(header: String = BalancerFixtures.header, columns: [String] = BalancerCSVRowReuseTests.columns, quoting: Set<String> = []) -> String {
            var lines = [header]
            for row in rows {
                lines.append(columns.map { column in
                    let value = row[column] ?? ""
                    return quoting.contains(column) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
                }.joined(separator: ",") + ",")
            }
            return lines.joined(separator: "\n") + "\n\n"
        }
    }

    /// Feeds answers to a parser with memory and to one without, each followed by its own history
    /// and detector — the second pair the long way (values found by name, every comparison
    /// made) — and compares everything after each answer.
    struct Twin {
        var strings = HAProxyPreviousAnswer()
        var history = SnapshotHistory(), freshHistory = SnapshotHistory()
        var detector = HealthDetector(), freshDetector = HealthDetector()

        init() {
            freshHistory.replacesInPlace = false
            freshDetector.replacesInPlace = false
        }
        var time = 100.0
        var source = "haproxy+unix:///run/haproxy/admin.sock"
        /// Every finding so far.
        var findings: [Finding] = []

        /// Parses `text` both ways; returns how many rows the memory gave.
        @discardableResult
        mutating func feed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
            time += 1
            let stamp = Timestamp(millisecondsSinceEpoch: Int64(time * 1000))
            let bytes = Array(text.utf8)
            let remembered = try HAProxyCSVParser.parse(bytes, source: source, takenAt: stamp, monotonicTime: time, previousAnswer: &strings)
            let fresh = try HAProxyCSVParser.parse(bytes, source: source, takenAt: stamp, monotonicTime: time)
            BalancerCSVRowReuseTests.expectSame(remembered, fresh, sourceLocation: sourceLocation)
            let refined = history.refine(remembered), freshRefined = freshHistory.refine(fresh)
            BalancerCSVRowReuseTests.expectSame(refined, freshRefined, sourceLocation: sourceLocation)
            let found = detector.observe(refined)
            #expect(found == freshDetector.observe(freshRefined), sourceLocation: sourceLocation)
            findings += found
            return strings.reusedRows
        }
    }

    /// Field by field, so a failure names the field.
    static func expectSame(_ a: BalancerSnapshot, _ b: BalancerSnapshot, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.pools.map(\.name) == b.pools.map(\.name), sourceLocation: sourceLocation)
        for (p, q) in zip(a.pools, b.pools) {
            #expect(p.counters == q.counters && p.rates == q.rates && p.sessions == q.sessions && p.queue == q.queue, "pool \(p.name)", sourceLocation: sourceLocation)
            #expect(p.instances.map(\.name) == q.instances.map(\.name), sourceLocation: sourceLocation)
            for (x, y) in zip(p.instances, q.instances) where x != y {
                for (label, left, right) in [
                    ("source", x.source, y.source), ("pool", x.pool, y.pool), ("address", "\(x.address as Any)", "\(y.address as Any)"),
                    ("status", x.status.label, y.status.label), ("weights", "\(x.effectiveWeight)/\(x.configuredWeight)", "\(y.effectiveWeight)/\(y.configuredWeight)"),
                    ("share", "\(x.share as Any)", "\(y.share as Any)"), ("sessions", "\(x.sessions) \(x.queue)", "\(y.sessions) \(y.queue)"),
                    ("counters", "\(x.counters)", "\(y.counters)"), ("rates", "\(x.rates as Any)", "\(y.rates as Any)"),
                    ("times", "\(x.responseTimeMs as Any) \(x.totalTimeMs as Any)", "\(y.responseTimeMs as Any) \(y.totalTimeMs as Any)"),
                    ("check", x.checkStatus + "|" + x.checkDescription, y.checkStatus + "|" + y.checkDescription),
                    ("breaker", "\(x.breaker) \(x.breakerEvidence)", "\(y.breaker) \(y.breakerEvidence)"),
                    ("lastchg", "\(x.secondsSinceChange as Any)", "\(y.secondsSinceChange as Any)"),
                ] where left != right {
                    Issue.record("\(x.pool)/\(x.name) \(label): \(left) with memory, \(right) afresh", sourceLocation: sourceLocation)
                }
            }
        }
        #expect(a == b, sourceLocation: sourceLocation)
    }

    static let pools = [("api", 12), ("web-eu-central", 9)]

    @Test func anIdleTableIsTakenAgainWithOnlyLastchgRead() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        #expect(try twin.feed(table.text()) == 0)
        // lastchg 9 → 10 and 99 → 100 on the way: rows that grow by a byte are still the same row.
        for _ in 0..<100 {
            table.tick()
            #expect(try twin.feed(table.text()) == table.rows.count)
        }
        #expect(twin.strings.count == 21)
    }

    /// Found by the fuzzer (Fuzz/Regressions/haproxy-csv/crash-3b44…): the parser remembers the
    /// last status text it read and what it means; that memory started as "" → UP, so a row with
    /// an empty status read right after rows taken again (nothing read in full yet) came out UP
    /// with memory and as the unknown status "" afresh.
    @Test func anEmptyStatusAfterRowsTakenAgainIsNotUp() throws {
        var table = Table(pools: [("api", 3)])
        var twin = Twin()
        try twin.feed(table.text())
        table.tick()
        // The last server changes (so it is read in full) and says no status at all.
        table.rows[3]["status"] = ""
        #expect(try twin.feed(table.text()) >= 3)
        let parsed = try HAProxyCSVParser.parse(table.text(), source: twin.source, takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        #expect(parsed.pools.first?.instances.last?.status == InstanceStatus(haproxy: ""))
        #expect(parsed.pools.first?.instances.last?.status != .up)
    }

    static let tickingColumns = HAProxyCSVHeader.tickingNames.map(\.description)

    /// A quiet pool that has seen traffic and runs checks: `lastsess` grows every second on every
    /// server and `check_duration` moves with each check, and nothing the console shows changes.
    /// Every row is taken again (the same result as a fresh parse: `Twin` compares them).
    @Test func aQuietPoolWhoseTimeCountersTickIsTakenAgainWhole() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        #expect(Self.tickingColumns.allSatisfy { Self.columns.contains($0) })
        try twin.feed(table.text())
        for second in 1...5 {
            table.tick()
            for index in table.rows.indices {
                table.rows[index]["lastsess"] = "\(second * 7 + index)"
                table.rows[index]["check_duration"] = second % 2 == 0 ? "0" : "12"
                table.rows[index]["agent_duration"] = "\(second)"
            }
            #expect(try twin.feed(table.text()) == table.rows.count, "second \(second)")
        }
    }

    @Test func aChangeInAnyFieldPositionIsRead() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        for (offset, column) in Self.columns.enumerated() {
            // One server, one BACKEND row and the FRONTEND change this field (and lastchg moves).
            for target in [3, 13, 0] {
                let was = table.rows[target][column] ?? ""
                table.tick()
                table.rows[target][column] = was == "BACKEND" ? "BACKENDX" : (Int(was).map { "\($0 + offset + 1)" } ?? was + "x")
                let reused = try twin.feed(table.text())
                // A row that became another kind (a FRONTEND or BACKEND row turned server by its
                // type) moves the instances after it: they are read in full, once.
                if column != "type" {
                    // lastchg is read anew, and the columns that only count time are not read.
                    let skipped = column == "lastchg" || Self.tickingColumns.contains(column)
                    #expect(reused == table.rows.count - (skipped ? 0 : 1), "column \(column) of row \(target)")
                }
                table.tick()
                #expect(try twin.feed(table.text()) == table.rows.count, "column \(column) of row \(target), a second later")
            }
        }
    }

    @Test func quotedFieldsAnywhereIncludingLastchg() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        for quoting in [Set(["check_desc"]), ["svname", "lastchg"], ["lastchg"], Set(Self.columns), []] {
            for step in 0..<4 {
                table.tick()
                if step == 2 { table.rows[5]["check_desc"] = "Layer7 \"wrong\", status \(step)" }
                if step == 3 { table.rows[6]["svname"] = "quoted,\"name\"" }
                try twin.feed(table.text(quoting: quoting))
            }
        }
    }

    @Test func renamedAddedRemovedAndReorderedServers() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        table.tick()
        table.rows[2]["svname"] = "api-server-renamed"
        try twin.feed(table.text())
        table.tick()
        table.rows.insert(Table.values(pool: "api", name: "api-server-new", type: 2, index: 40), at: 4)
        try twin.feed(table.text())
        table.tick()
        table.rows.remove(at: 7)
        try twin.feed(table.text())
        table.tick()
        table.rows.swapAt(1, 2)
        table.rows.swapAt(15, 18)
        try twin.feed(table.text())
        table.tick()
        // A whole pool moved in front of another.
        let first = try #require(table.rows.firstIndex { $0["pxname"] == "web-eu-central" })
        let web = Array(table.rows[first...])
        table.rows.removeSubrange(first...)
        table.rows.insert(contentsOf: web, at: 1)
        try twin.feed(table.text())
        table.tick()
        table.rows.removeLast(3)  // the last pool loses its BACKEND row and two servers: truncated
        #expect(throws: HAProxyCSVError.self) { try twin.feed(table.text()) }
        table.rows.append(Table.values(pool: "api", name: "BACKEND", type: 1, index: 0))
        try twin.feed(table.text())
        try twin.feed(table.text())
    }

    @Test func aChangedHeaderOrSourceIsReadAfresh() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        // lastchg and weight swap places: the same bytes would mean other values.
        var swapped = Self.columns
        let a = try #require(swapped.firstIndex(of: "lastchg")), b = try #require(swapped.firstIndex(of: "weight"))
        swapped.swapAt(a, b)
        let header = "# " + swapped.joined(separator: ",") + ","
        #expect(try twin.feed(table.text(header: header, columns: swapped)) == 0)
        table.tick()
        #expect(try twin.feed(table.text(header: header, columns: swapped)) == table.rows.count)
        // The same answer from another source: its instances name that source.
        twin.source = "haproxy+unix:///run/other.sock"
        #expect(try twin.feed(table.text(header: header, columns: swapped)) == 0)
    }

    @Test func lastchgGoingDownEmptyOrNotANumber() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        for value in ["0", "", "12a", "-1", "99999999999999999999999", "7\"", "1234567", "3"] {
            table.rows[3]["lastchg"] = value
            table.rows[20]["lastchg"] = value
            try twin.feed(table.text())
        }
    }

    @Test func rowsThatChangeLengthOrCounters() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        for step in 1...30 {
            table.tick()
            for index in table.rows.indices where (index * 7 + step) % 5 == 0 {
                for column in ["stot", "req_tot", "bin", "bout", "hrsp_2xx", "hrsp_5xx", "scur"] {
                    table.rows[index][column] = "\((Int(table.rows[index][column] ?? "") ?? 0) + step * 97)"
                }
            }
            if step % 6 == 0 { table.rows[4]["status"] = step % 12 == 0 ? "UP" : "DOWN 1/2" }
            if step % 7 == 0 { table.rows[8]["hanafail"] = "\(step)" }
            if step == 20 { table.rows[9]["stot"] = "1" }  // counters reset
            try twin.feed(table.text())
        }
    }

    @Test func crlfLineEndsAndNoTrailingComma() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        for step in 0..<4 {
            table.tick()
            var text = table.text().replacingOccurrences(of: "\n", with: "\r\n")
            if step >= 2 { text = text.replacingOccurrences(of: ",\r\n", with: "\r\n") }
            try twin.feed(text)
        }
        // lastchg as the last column, without a comma after it.
        var columns = Self.columns.filter { $0 != "lastchg" } + ["lastchg"]
        for step in 0..<3 {
            table.tick()
            let header = "# " + columns.joined(separator: ",")
            try twin.feed(table.text(header: header, columns: columns).replacingOccurrences(of: ",\n", with: "\n"))
            if step == 1 { columns = Self.columns }
        }
    }

    @Test func findingsOverTimeAreThoseOfTheLongWay() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        func bump(_ row: Int, _ column: String, by amount: Int) {
            table.rows[row][column] = "\((Int(table.rows[row][column] ?? "") ?? 0) + amount)"
        }
        let steps: [() -> Void] = [
            { table.rows[1]["weight"] = "40"; table.rows[1]["uweight"] = "40" },  // weight change, skew
            { table.rows[2]["status"] = "DOWN"; table.rows[2]["check_status"] = "L4CON" },  // status change
            { bump(2, "hanafail", by: 3) },  // breaker opens (down and failing observations)
            { bump(4, "req_tot", by: 100); bump(4, "hrsp_5xx", by: 50) },  // error rate
            { bump(4, "req_tot", by: 100) },  // error rate recovered
            { table.rows[1]["weight"] = "2"; table.rows[1]["uweight"] = "2" },  // skew resolved
            { table.rows[2]["status"] = "UP"; table.rows[2]["throttle"] = "40" },  // back, half-open
            { table.rows[2]["throttle"] = "" },  // closed
            { table.rows[3]["weight"] = "1" },  // effective weight only (slow start ends)
            { bump(6, "hanafail", by: 2) },  // tripped and closed between two polls
            { table.rows[8]["status"] = "DOWN 1/2"; bump(8, "hanafail", by: 1) },  // open; the quiet poll after: half-open, same profile
            {},
        ]
        for step in steps {
            table.tick()
            step()
            try twin.feed(table.text())
            table.tick()
            try twin.feed(table.text())  // a quiet poll after each change
        }
        let kinds = Set(twin.findings.map(\.kind))
        for kind: FindingKind in [.weightChange, .weightSkew, .statusChange, .breakerOpen, .breakerHalfOpen, .breakerClosed, .errorRate, .errorRateRecovered] {
            #expect(kinds.contains(kind), "no \(kind) finding: the sequence no longer tests it")
        }
    }

    @Test func aFailedAnswerInBetweenKeepsTheLastGoodOne() throws {
        var table = Table(pools: Self.pools)
        var twin = Twin()
        try twin.feed(table.text())
        table.tick()
        var broken = table.text()
        broken.removeLast(40)
        #expect(throws: HAProxyCSVError.self) { try twin.feed(broken) }
        // The memory was half updated: read in full once (same result), then taken again.
        table.tick()
        try twin.feed(table.text())
        table.tick()
        #expect(try twin.feed(table.text()) == table.rows.count)
    }
}
