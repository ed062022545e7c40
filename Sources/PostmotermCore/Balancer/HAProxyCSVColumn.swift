/// The `show stat` columns the parser reads, each found by its header name (positions differ
/// between HAProxy versions). Every other column is skipped without being looked at.
enum HAProxyCSVColumn: Int, CaseIterable {
    case pxname, svname, qcur, scur, status, weight, uweight, iweight, checkStatus, checkDesc, lastchg
    case hrsp5xx, reqTot, stot, rtime, ttime, hanafail, throttle, addr, type, reqRate, rate

    /// The name in HAProxy's header line.
    var headerName: StaticString {
        switch self {
        case .pxname: return "pxname"
        case .svname: return "svname"
        case .qcur: return "qcur"
        case .scur: return "scur"
        case .status: return "status"
        case .weight: return "weight"
        case .uweight: return "uweight"
        case .iweight: return "iweight"
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
        case .reqRate: return "req_rate"
        case .rate: return "rate"
        }
    }

    /// Columns without which a table is not usable.
    static let required: [HAProxyCSVColumn] = [.pxname, .svname, .status]
}
