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
    /// Read as bytes: lines and fields are byte ranges, and only the fields kept become strings
    /// (split into `String`s, every field of 10,000 servers' lines made `health` spend a third
    /// of its time here).
    public static func parse(_ text: String) throws(HAProxyCSVError) -> [HAProxyServerState] {
        let bytes = Array(text.utf8)
        let space = UInt8(ascii: " ")
        // Non-empty lines (\n, \r and the other ASCII line breaks end a line).
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where (0x0A...0x0D).contains(bytes[index]) {
            if index > start { lines.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        /// The fields of `line`, split at runs of spaces.
        func fields(_ line: Range<Int>, into ranges: inout [Range<Int>]) {
            ranges.removeAll(keepingCapacity: true)
            var begin = line.lowerBound
            for index in line where bytes[index] == space {
                if index > begin { ranges.append(begin..<index) }
                begin = index + 1
            }
            if begin < line.upperBound { ranges.append(begin..<line.upperBound) }
        }
        guard let first = lines.first else { throw .empty }
        guard string(first).trimmingCharacters(in: .whitespaces) == "1", lines.count > 1, bytes[lines[1].lowerBound] == UInt8(ascii: "#")
        else { throw .notCSV(got: ResponsePreview.describe(bytes)) }
        var ranges: [Range<Int>] = []
        fields(lines[1].lowerBound + 1..<lines[1].upperBound, into: &ranges)
        let names = ranges.map(string)
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let pool = column("be_name"), let server = column("srv_name"), let addr = column("srv_addr"),
              let op = column("srv_op_state"), let admin = column("srv_admin_state"),
              let uweight = column("srv_uweight"), let iweight = column("srv_iweight")
        else { throw .missingColumns(["be_name", "srv_name", "srv_addr", "srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight"]) }
        let port = column("srv_port")
        var result: [HAProxyServerState] = []
        result.reserveCapacity(lines.count)
        for line in lines.dropFirst(2) where bytes[line.lowerBound] != UInt8(ascii: "#") {
            fields(line, into: &ranges)
            guard ranges.count == names.count else { continue }
            var address = string(ranges[addr])
            if let port, let value = Int(string(ranges[port])), value > 0 {
                address = BalancerAddress.hostPort(address, value)
            }
            result.append(HAProxyServerState(
                pool: TerminalSafe.escape(string(ranges[pool])), name: TerminalSafe.escape(string(ranges[server])),
                address: TerminalSafe.escape(address), operationalState: Int(string(ranges[op])) ?? 0,
                adminState: Int(string(ranges[admin])) ?? 0, userWeight: Int(string(ranges[uweight])) ?? 0,
                initialWeight: Int(string(ranges[iweight])) ?? 0
            ))
        }
        return result
    }
}
