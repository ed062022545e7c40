@testable import PostmotermCore

/// Inputs shared by the balancer tests: real HAProxy 2.6 output and Envoy admin answers in their
/// documented format.
enum BalancerFixtures {
    static let header = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,"

    /// Builds a row with the columns of `header`: every column empty but the named ones.
    static func row(_ values: [String: String]) -> String {
        let names = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return names.dropLast().map { values[$0] ?? "" }.joined(separator: ",") + ","
    }

    static func server(
        _ pool: String, _ name: String, status: String = "UP", weight: Int, uweight: Int? = nil, reqTot: Int = 0,
        http5xx: Int = 0, hanafail: String = "", throttle: String = "", check: String = "L7OK",
        desc: String = "Layer7 check passed", addr: String = "127.0.0.1:8080", scur: Int = 0
    ) -> String {
        row(["pxname": pool, "svname": name, "status": status, "weight": "\(weight)", "uweight": "\(uweight ?? weight)",
             "req_tot": "\(reqTot)", "stot": "\(reqTot)", "hrsp_5xx": "\(http5xx)", "hanafail": hanafail,
             "throttle": throttle, "check_status": check, "check_desc": desc, "addr": addr, "type": "2",
             "scur": "\(scur)", "qcur": "0", "lastchg": "12", "rtime": "3", "ttime": "5"])
    }

    static func backend(_ pool: String, reqTot: Int = 0, http5xx: Int = 0) -> String {
        row(["pxname": pool, "svname": "BACKEND", "status": "UP", "type": "1", "req_tot": "\(reqTot)", "stot": "\(reqTot)",
             "hrsp_5xx": "\(http5xx)", "scur": "0", "qcur": "0"])
    }

    static let frontend = row(["pxname": "fe", "svname": "FRONTEND", "status": "OPEN", "type": "0", "req_tot": "99"])

    static func csv(_ rows: [String]) -> String {
        ([header, frontend] + rows).joined(separator: "\n") + "\n\n"
    }

    /// The seed's pool: three instances, weights 1/10/1.
    static func seed(b weight: Int = 10, reqA: Int = 0, reqB: Int = 0, reqC: Int = 0, b5xx: Int = 0, bStatus: String = "UP") -> String {
        csv([
            server("api", "api-1", weight: 1, reqTot: reqA),
            server("api", "api-2", status: bStatus, weight: weight, reqTot: reqB, http5xx: b5xx),
            server("api", "api-3", weight: 1, reqTot: reqC),
            backend("api", reqTot: reqA + reqB + reqC, http5xx: b5xx),
        ])
    }

    static func parse(_ text: String, at time: Double = 1000, source: String = "haproxy+unix:///run/haproxy/admin.sock") throws -> BalancerSnapshot {
        try HAProxyCSVParser.parse(text, source: source, takenAt: Timestamp(millisecondsSinceEpoch: Int64(time * 1000)), monotonicTime: time)
    }
}
