import Testing
@testable import PostmotermCore

/// The edges of the in-place CSV scanner: quoted kept fields, CR LF, missing optional columns,
/// the word-at-a-time split against the quote-aware byte loop, and the per-column string cache.
@Suite struct BalancerCSVParserEdgeTests {
    @Test func quotedKeptFieldsWithCommasAndDoubledQuotes() throws {
        let text = """
            # pxname,svname,status,weight,check_desc,addr,
            "api,v2","a ""blue"", 1",UP,"7","L7 ""ok"", fine",10.0.0.1:80,
            "api,v2",BACKEND,UP,7,,,

            """
        let snapshot = try BalancerFixtures.parse(text)
        #expect(snapshot.pools.map(\.name) == ["api,v2"])
        let a = try #require(snapshot.instance(pool: "api,v2", name: "a \"blue\", 1"))
        #expect(a.effectiveWeight == 7)  // a quoted number
        #expect(a.checkDescription == "L7 \"ok\", fine")
        #expect(a.address == "10.0.0.1:80")  // the columns after the quoted ones still line up
        #expect(a.pool == "api,v2")
    }

    @Test func crlfLineEndsAndALastColumnWithoutTrailingComma() throws {
        let text = "# pxname,svname,status,weight\r\napi,a,UP,7\r\napi,b,DOWN,3\r\n\r\n"
        let snapshot = try BalancerFixtures.parse(text)
        #expect(snapshot.instance(pool: "api", name: "a")?.effectiveWeight == 7)
        #expect(snapshot.instance(pool: "api", name: "b")?.status == .down)
        #expect(snapshot.instance(pool: "api", name: "b")?.effectiveWeight == 3)
    }

    @Test func crlfInTheRealHeaderAndRows() throws {
        let text = BalancerFixtures.seed(reqA: 5, reqB: 50, reqC: 5).replacingOccurrences(of: "\n", with: "\r\n")
        let plain = try BalancerFixtures.parse(BalancerFixtures.seed(reqA: 5, reqB: 50, reqC: 5))
        #expect(try BalancerFixtures.parse(text) == plain)
    }

    @Test func missingOptionalColumnsHaveDefaults() throws {
        // No addr, uweight, check columns, req_tot or type: stot stands in for requests.
        let text = "# pxname,svname,status,weight,stot,\napi,a,UP,4,120,\napi,b,UP,1,30,\n"
        let snapshot = try BalancerFixtures.parse(text)
        let a = try #require(snapshot.instance(pool: "api", name: "a"))
        #expect(a.address == nil)
        #expect(a.configuredWeight == 4)
        #expect(a.checkStatus == "" && a.checkDescription == "")
        #expect(a.counters.requests == 120)
        #expect(a.responseTimeMs == nil && a.secondsSinceChange == nil)
        #expect(a.breakerEvidence == .haproxy(failedObservations: nil, throttlePercent: nil))
        #expect(abs((a.share ?? 0) - 0.8) < 1e-9)
    }

    @Test func theWordSplitAgreesWithTheQuoteAwareLoop() throws {
        // The same table twice: as HAProxy writes it (no quotes: split a word at a time), and with
        // every field quoted (byte loop). Field lengths vary so commas fall at every offset of a word.
        var rows: [String] = []
        for index in 0..<40 {
            let name = String(repeating: "s", count: 1 + index % 11) + "\(index)"
            rows.append(BalancerFixtures.server(
                "pool\(index / 13)", name, status: index % 7 == 0 ? "DOWN 1/2" : "UP", weight: index % 5, uweight: 1 + index % 3,
                reqTot: index * 977, http5xx: index, hanafail: index % 2 == 0 ? "" : "\(index)", throttle: index % 9 == 0 ? "50" : "",
                check: index % 4 == 0 ? "L4CON" : "* L7OK", desc: "desc \(index % 3)", addr: "10.0.\(index).\(index * 7):80", scur: index))
            if index % 13 == 12 { rows.append(BalancerFixtures.backend("pool\(index / 13)", reqTot: index * 10, http5xx: 1)) }
        }
        rows.append(BalancerFixtures.backend("pool3", reqTot: 1))
        let plain = BalancerFixtures.csv(rows)
        let quoted = plain.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, line in
            offset == 0 || line.isEmpty ? String(line) : line.split(separator: ",", omittingEmptySubsequences: false).map { "\"\($0)\"" }.joined(separator: ",")
        }.joined(separator: "\n")
        let fast = try BalancerFixtures.parse(plain)
        #expect(fast.instances.count == 40)
        #expect(fast.pools.map(\.name) == ["pool0", "pool1", "pool2", "pool3"])
        #expect(try BalancerFixtures.parse(quoted) == fast)
        let s7 = try #require(fast.instance(pool: "pool0", name: "ssssssss7"))
        #expect(s7.status == .goingUp(1, 2) && s7.effectiveWeight == 2 && s7.configuredWeight == 2)
        #expect(s7.counters == InstanceCounters(requests: 7 * 977, responses5xx: 7))
        #expect(s7.checkStatus == "L7OK" && s7.checkDescription == "desc 1" && s7.address == "10.0.7.49:80" && s7.sessions == 7)
        #expect(s7.breakerEvidence == .haproxy(failedObservations: 7, throttlePercent: nil))
    }

    @Test func repeatedTextsAreNotConfusedWithSameLengthNeighbours() throws {
        let rows = [
            BalancerFixtures.server("api1", "a", weight: 1, desc: "abc"),
            BalancerFixtures.server("api1", "b", weight: 1, desc: "abd"),
            BalancerFixtures.backend("api1"),
            BalancerFixtures.server("api2", "a", weight: 1, desc: "abd"),
            BalancerFixtures.backend("api2"),
        ]
        let snapshot = try BalancerFixtures.parse(BalancerFixtures.csv(rows))
        #expect(snapshot.pools.map(\.name) == ["api1", "api2"])
        #expect(snapshot.instance(pool: "api1", name: "a")?.checkDescription == "abc")
        #expect(snapshot.instance(pool: "api1", name: "b")?.checkDescription == "abd")
        #expect(snapshot.instance(pool: "api2", name: "a")?.pool == "api2")
    }

    @Test func rowsOfOnePoolSplitByAnotherStayInOnePool() throws {
        let rows = [
            BalancerFixtures.server("api", "a", weight: 1), BalancerFixtures.server("web", "w", weight: 1),
            BalancerFixtures.server("api", "b", weight: 3), BalancerFixtures.backend("web"), BalancerFixtures.backend("api"),
        ]
        let snapshot = try BalancerFixtures.parse(BalancerFixtures.csv(rows))
        #expect(snapshot.pools.map(\.name) == ["api", "web"])
        #expect(snapshot.pool(named: "api")?.instances.map(\.name) == ["a", "b"])
        #expect(snapshot.instance(pool: "api", name: "b")?.share == 0.75)
    }

    @Test func unclosedQuoteAndShortRowAreTruncation() {
        #expect(throws: HAProxyCSVError.truncated(line: 2, detail: "a quoted field is not closed")) {
            try BalancerFixtures.parse("# pxname,svname,status,\napi,\"a,UP,\n")
        }
        #expect(throws: HAProxyCSVError.truncated(line: 3, detail: "2 fields where the header names 3")) {
            try BalancerFixtures.parse("# pxname,svname,status,\napi,a,UP,\napi,b\n")
        }
    }

    @Test func invalidUTF8AndNonASCIINamesAreReadable() throws {
        var bytes = Array("# pxname,svname,status,weight,\napi,".utf8)
        bytes += [0x66, 0xFF, 0x6F] + Array(",UP,1,\napi,caf\u{E9},UP,1,\n".utf8)
        let snapshot = try HAProxyCSVParser.parse(bytes, source: "s", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        #expect(snapshot.instances.map(\.name) == ["f\u{FFFD}o", "caf\u{E9}"])
    }

    @Test func aHeaderEndingInCRStillNamesItsLastColumn() throws {
        let snapshot = try BalancerFixtures.parse("# status,pxname,svname\r\nUP,api,a\r\n")
        #expect(snapshot.instance(pool: "api", name: "a")?.status == .up)
    }
}
