import Testing
@testable import PostmotermCore

@Suite struct BalancerCSVParserTests {
    @Test func seedPoolSharesAndAggregates() throws {
        let snapshot = try BalancerFixtures.parse(BalancerFixtures.seed(reqA: 5, reqB: 50, reqC: 5))
        #expect(snapshot.pools.map(\.name) == ["api"])  // the frontend is not a pool
        let pool = try #require(snapshot.pool(named: "api"))
        #expect(pool.instances.map(\.name) == ["api-1", "api-2", "api-3"])  // BACKEND is not an instance
        #expect(pool.counters.requests == 60)
        let b = try #require(snapshot.instance(pool: "api", name: "api-2"))
        #expect(abs((b.share ?? 0) - 10.0 / 12.0) < 1e-9)
        #expect(abs((pool.fairShare ?? 0) - 1.0 / 3.0) < 1e-9)
        #expect(b.address == "127.0.0.1:8080")
        #expect(b.status == .up)
        #expect(b.checkStatus == "L7OK")
        #expect(b.responseTimeMs == 3 && b.totalTimeMs == 5 && b.secondsSinceChange == 12)
        #expect(b.breakerEvidence == .haproxy(failedObservations: nil, throttlePercent: nil))
    }

    @Test func readsColumnsByNameNotPosition() throws {
        let text = "# svname,status,pxname,weight,uweight,\nb,DOWN 1/2,api,3,5,\nBACKEND,UP,api,3,5,\n"
        let snapshot = try BalancerFixtures.parse(text)
        let b = try #require(snapshot.instance(pool: "api", name: "b"))
        #expect(b.status == .goingUp(1, 2))
        #expect(b.effectiveWeight == 3 && b.configuredWeight == 5)
        #expect(b.share == nil)  // not serving
    }

    @Test func quotedFieldsWithCommasAndQuotes() throws {
        let text = "# pxname,svname,status,check_desc,weight,\napi,a,UP,\"Layer7 \"\"wrong\"\", status\",1,\napi,BACKEND,UP,,1,\n"
        let a = try #require(try BalancerFixtures.parse(text).instance(pool: "api", name: "a"))
        #expect(a.checkDescription == "Layer7 \"wrong\", status")
        #expect(a.effectiveWeight == 1)
    }

    @Test func controlCharactersInNamesAreEscaped() throws {
        let text = "# pxname,svname,status,weight,\napi,evil\u{1B}[2J,UP,1,\n"
        let snapshot = try BalancerFixtures.parse(text)
        #expect(snapshot.instances.first?.name == "evil^[[2J")
    }

    @Test func statusSpellings() {
        #expect(InstanceStatus(haproxy: "UP 1/3") == .goingDown(1, 3))
        #expect(InstanceStatus(haproxy: "NOLB") == .draining)
        #expect(InstanceStatus(haproxy: "DRAIN") == .draining)
        #expect(InstanceStatus(haproxy: "MAINT (via api/b)") == .maintenance)
        #expect(InstanceStatus(haproxy: "no check") == .noCheck)
        #expect(InstanceStatus(haproxy: "DOWN") == .down)
        #expect(InstanceStatus(haproxy: "UP 1/3").settled == .up)
        #expect(InstanceStatus(haproxy: "DOWN 1/2").label == "DOWN 1/2")
    }

    @Test func htmlInsteadOfCSVSaysWhatItGot() {
        let html = "<!DOCTYPE html>\n<html><head><title>Statistics Report for HAProxy</title></head><body></body></html>\n"
        #expect {
            try BalancerFixtures.parse(html)
        } throws: { error in
            guard case .notCSV(let got) = error as? HAProxyCSVError else { return false }
            return got.hasPrefix("an HTML page starting \"<!DOCTYPE html>^J<html>")
        }
    }

    @Test func runtimeApiErrorTextIsNotCSV() {
        #expect {
            try BalancerFixtures.parse("Permission denied\n\n")
        } throws: { error in
            (error as? HAProxyCSVError) == .notCSV(got: "19 bytes starting \"Permission denied^J^J\"")
        }
    }

    @Test func truncatedInTheMiddleOfARow() {
        let full = BalancerFixtures.seed()
        let cut = String(full.prefix(full.count - 300))
        #expect {
            try BalancerFixtures.parse(cut)
        } throws: { error in
            if case .truncated = error as? HAProxyCSVError { return true }
            return false
        }
    }

    @Test func truncatedAtALineBoundaryBeforeTheBackendRow() {
        let rows = [BalancerFixtures.server("api", "a", weight: 1), BalancerFixtures.backend("api"), BalancerFixtures.server("web", "w", weight: 1)]
        #expect(throws: HAProxyCSVError.truncated(line: 6, detail: "it ends before the BACKEND row of web")) {
            try BalancerFixtures.parse(BalancerFixtures.csv(rows))
        }
    }

    @Test func missingColumnsAndEmpty() {
        #expect(throws: HAProxyCSVError.missingColumns(["status"])) { try BalancerFixtures.parse("# pxname,svname,weight\n") }
        #expect(throws: HAProxyCSVError.empty) { try BalancerFixtures.parse("\n\n") }
    }

    @Test func serverStateFillsAddressesAndDrain() throws {
        let state = """
            1
            # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
            3 api 1 a 10.0.0.1 2 8 1 1 3 6 3 4 6 0 0 0 - 8080 - 0 0 - - 0
            3 api 2 b 10.0.0.2 2 0 1 1 3 6 3 4 6 0 0 0 - 8080 - 0 0 - - 0

            """
        let records = try HAProxyServerState.parse(state)
        #expect(records.count == 2)
        #expect(records[0].address == "10.0.0.1:8080" && records[0].draining)
        var snapshot = try BalancerFixtures.parse("# pxname,svname,status,weight,\napi,a,UP,1,\napi,b,UP,1,\n")
        snapshot.merge(serverStates: records)
        #expect(snapshot.instance(pool: "api", name: "a")?.status == .draining)
        #expect(snapshot.instance(pool: "api", name: "b")?.address == "10.0.0.2:8080")
        #expect(snapshot.instance(pool: "api", name: "b")?.share == 1)
    }
}
