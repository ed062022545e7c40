import Foundation
import Testing
@testable import PostmotermCore

/// hatop's figures (``TrafficDetail``), FRONTEND rows and the process line, read from `show stat`
/// and `show info`; a repeated answer (rows taken again) gives the same figures.
@Suite struct BalancerHatopFiguresTests {
    static let text = BalancerFixtures.csv([
        BalancerFixtures.row([
            "pxname": "api", "svname": "api-1", "status": "UP", "weight": "1", "type": "2", "lastchg": "5", "scur": "3",
            "bin": "1200", "bout": "34000", "hrsp_1xx": "0", "hrsp_2xx": "90", "hrsp_3xx": "2", "hrsp_4xx": "7", "hrsp_5xx": "1",
            "hrsp_other": "0", "econ": "4", "ereq": "", "eresp": "5", "dreq": "", "dresp": "0", "chkfail": "6", "chkdown": "2",
            "downtime": "75", "slim": "100", "smax": "9", "req_tot": "100",
        ]),
        BalancerFixtures.row([
            "pxname": "api", "svname": "BACKEND", "status": "UP", "type": "1", "bin": "1200", "bout": "34000", "hrsp_2xx": "90",
            "hrsp_5xx": "1", "req_tot": "100", "slim": "200",
        ]),
    ])

    @Test func serverBackendAndFrontendRowsCarryTheFigures() throws {
        let snapshot = try BalancerFixtures.parse(Self.text)
        let server = try #require(snapshot.instance(pool: "api", name: "api-1"))
        #expect(server.detail[.bytesIn] == 1200 && server.detail[.bytesOut] == 34000)
        #expect(server.detail[.responses2xx] == 90 && server.detail[.responses4xx] == 7 && server.detail[.responses3xx] == 2)
        #expect(server.counters.responses5xx == 1)
        #expect(server.detail[.connectionErrors] == 4 && server.detail[.responseErrors] == 5)
        #expect(server.detail[.requestErrors] == nil, "an empty field is not reported")
        #expect(server.detail[.checkFailures] == 6 && server.detail[.checkDowns] == 2 && server.detail[.downtimeSeconds] == 75)
        #expect(server.detail[.sessionLimit] == 100 && server.detail[.maxSessions] == 9)
        let pool = try #require(snapshot.pool(named: "api"))
        #expect(pool.detail[.responses2xx] == 90 && pool.detail[.sessionLimit] == 200)
        #expect(snapshot.frontends.map(\.name) == ["fe"])
        #expect(snapshot.frontends.first?.counters.requests == 99 && snapshot.frontends.first?.status == "OPEN")
    }

    @Test func aRepeatedAnswerGivesTheSameFigures() throws {
        var previous = HAProxyPreviousAnswer()
        let at = Timestamp(millisecondsSinceEpoch: 1_000_000)
        let first = try HAProxyCSVParser.parse(Array(Self.text.utf8), source: "s", takenAt: at, monotonicTime: 1, previousAnswer: &previous)
        let again = try HAProxyCSVParser.parse(Array(Self.text.utf8), source: "s", takenAt: at, monotonicTime: 1, previousAnswer: &previous)
        #expect(previous.reusedRows == 3)
        #expect(again == first)
        #expect(again.frontends == first.frontends && !again.frontends.isEmpty)
    }

    @Test func showInfoGivesTheProcessLine() throws {
        let info = "Name: HAProxy\nVersion: 2.6.12-1+deb12u1\nUptime_sec: 3725\nMaxconn: 4096\nCurrConns: 12\nConnRate: 3\n\n"
        let process = try #require(BalancerProcess.haproxy(info: info))
        #expect(process == BalancerProcess(version: "2.6.12-1+deb12u1", uptimeSeconds: 3725, currentConnections: 12,
                                           connectionRate: 3, maxConnections: 4096))
        #expect(BalancerProcess.haproxy(info: "Unknown command\n") == nil)
        // Blanks and a CR around the values, a key that only starts like a known one.
        let spaced = "Version:\t 2.8.3 \r\nUptime_sec:  17\r\nCurrConnsMax: 9\nCurrConns: 5\nConnRate: x\n"
        #expect(BalancerProcess.haproxy(info: spaced) == BalancerProcess(version: "2.8.3", uptimeSeconds: 17, currentConnections: 5))
    }

    @Test func healthJSONHasFrontendsAndPerRowClassesUnderHAProxysNames() throws {
        let snapshot = try BalancerFixtures.parse(Self.text)
        let report = HealthReport(sources: [SourceView(source: "s", state: .live, snapshot: snapshot)], findings: [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        let frontends = try #require(source["frontends"] as? [[String: Any]])
        #expect(frontends.first?["name"] as? String == "fe")
        let pool = try #require((source["pools"] as? [[String: Any]])?.first)
        #expect((pool["counters"] as? [String: Any])?["hrsp_2xx"] as? Int == 90)
        let instance = try #require((pool["instances"] as? [[String: Any]])?.first?["counters"] as? [String: Any])
        for (key, value) in ["hrsp_1xx": 0, "hrsp_2xx": 90, "hrsp_3xx": 2, "hrsp_4xx": 7, "hrsp_5xx": 1, "hrsp_other": 0] {
            #expect(instance[key] as? Int == value, "\(key)")
        }
    }
}
