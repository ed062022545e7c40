/// One server line of HAProxy's `show servers state` (format version 1): the address and the
/// administrative state that `show stat` may not show.
public struct HAProxyServerState: Sendable, Hashable {
    public var pool: String
    public var name: String
    /// `ip:port` (or the address alone when the port is 0).
    public var address: String
    /// `srv_op_state`: 0 stopped, 1 starting, 2 running, 3 stopping.
    public var operationalState: Int
    /// `srv_admin_state` bits: 0x01 forced maintenance, 0x02 inherited maintenance, 0x04 maintenance
    /// from configuration, 0x08 forced drain, 0x10 inherited drain, 0x20 maintenance from DNS.
    public var adminState: Int
    /// `srv_uweight`, the user-set weight.
    public var userWeight: Int
    /// `srv_iweight`, the weight from the configuration.
    public var initialWeight: Int

    public init(pool: String, name: String, address: String, operationalState: Int, adminState: Int, userWeight: Int, initialWeight: Int) {
        self.pool = pool
        self.name = name
        self.address = address
        self.operationalState = operationalState
        self.adminState = adminState
        self.userWeight = userWeight
        self.initialWeight = initialWeight
    }

    /// Whether the server is in maintenance by any route.
    public var inMaintenance: Bool { adminState & (0x01 | 0x02 | 0x04 | 0x20) != 0 }
    /// Whether the server is draining.
    public var draining: Bool { adminState & (0x08 | 0x10) != 0 }

    /// Parses the whole `show servers state` answer. Columns are found by the `#` header's names;
    /// lines that do not fit are skipped.
    public static func parse(_ text: String) throws(HAProxyCSVError) -> [HAProxyServerState] {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let first = lines.first else { throw .empty }
        guard first.trimmingCharacters(in: .whitespaces) == "1",
              let header = lines.dropFirst().first, header.hasPrefix("#")
        else { throw .notCSV(got: ResponsePreview.describe(Array(text.utf8))) }
        let names = header.dropFirst().split(separator: " ").map(String.init)
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let pool = column("be_name"), let server = column("srv_name"), let addr = column("srv_addr"),
              let op = column("srv_op_state"), let admin = column("srv_admin_state"),
              let uweight = column("srv_uweight"), let iweight = column("srv_iweight")
        else { throw .missingColumns(["be_name", "srv_name", "srv_addr", "srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"]) }
        let port = column("srv_port")
        var result: [HAProxyServerState] = []
        for line in lines.dropFirst(2) where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == names.count else { continue }
            var address = fields[addr]
            if let port, let value = Int(fields[port]), value > 0 {
                address = BalancerAddress.hostPort(address, value)
            }
            result.append(HAProxyServerState(
                pool: TerminalSafe.escape(fields[pool]), name: TerminalSafe.escape(fields[server]),
                address: TerminalSafe.escape(address), operationalState: Int(fields[op]) ?? 0,
                adminState: Int(fields[admin]) ?? 0, userWeight: Int(fields[uweight]) ?? 0,
                initialWeight: Int(fields[iweight]) ?? 0
            ))
        }
        return result
    }
}
