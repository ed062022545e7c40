/// Fresh `show stat` answers made from one real answer, each as a live HAProxy would send it a
/// second after the last: every non-empty `lastchg` one higher (so rows change length when it
/// gains a digit), and in `changedFraction` of the server rows the traffic counters moved
/// (`stot`, `req_tot`, `bin`, `bout`, `hrsp_2xx`; the `BACKEND` row by their sum). Every answer is
/// a new array, like a socket read: nothing a parser kept from the last one is the same buffer.
///
/// Which rows change is a fixed pseudo-random pick per poll, so runs compare.
struct StatAnswerSequence {
    /// One line of the answer: the bytes between its variable fields, and their values.
    private struct Line {
        /// `pieces.count == values.count + 1`; the line is piece, value, piece, … piece.
        var pieces: [[UInt8]]
        /// Current value of each variable field (`nil`: empty in the answer, left empty).
        var values: [UInt64?]
        /// Which of ``StatAnswerSequence/columns`` each value is.
        var kinds: [Int]
        /// 2 server, 1 BACKEND, 0 FRONTEND, -1 header or other.
        var type: Int
    }

    /// The variable columns; `lastchg` first.
    static let columns = ["lastchg", "stot", "req_tot", "bin", "bout", "hrsp_2xx"]
    /// How much each counter grows for one request more (bytes in and out per request).
    private static let perRequest: [UInt64] = [0, 1, 1, 180, 620, 1]

    private var lines: [Line] = []
    let changedFraction: Double
    private var poll = 0
    /// Server rows in the answer.
    private(set) var serverRows = 0

    /// `answer`: a real `show stat` answer (unquoted, as HAProxy writes it).
    init(answer: [UInt8], changedFraction: Double) {
        self.changedFraction = changedFraction
        let text = String(decoding: answer, as: UTF8.self)
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let trailing = rows.last == "" ? rows.removeLast() : nil
        guard let header = rows.first else { return }
        let names = header.dropFirst(header.hasPrefix("# ") ? 2 : 0).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let wanted = Dictionary(uniqueKeysWithValues: Self.columns.enumerated().compactMap { kind, name in
            names.firstIndex(of: name).map { ($0, kind) }
        })
        let typeColumn = names.firstIndex(of: "type") ?? -1
        lines.append(Line(pieces: [Array(header.utf8)], values: [], kinds: [], type: -1))
        for row in rows.dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            var line = Line(pieces: [], values: [], kinds: [], type: typeColumn < fields.count ? Int(fields[typeColumn]) ?? -1 : -1)
            var piece: [UInt8] = []
            for (index, field) in fields.enumerated() {
                if index > 0 { piece.append(UInt8(ascii: ",")) }
                if let kind = wanted[index] {
                    line.pieces.append(piece)
                    piece = []
                    line.values.append(UInt64(field))
                    line.kinds.append(kind)
                } else {
                    piece += Array(field.utf8)
                }
            }
            line.pieces.append(piece)
            if line.type == 2 { serverRows += 1 }
            lines.append(line)
        }
        if trailing != nil { lines.append(Line(pieces: [[]], values: [], kinds: [], type: -1)) }
    }

    /// The next answer: a second later, with this poll's share of rows changed.
    mutating func next() -> [UInt8] {
        poll += 1
        var output: [UInt8] = []
        output.reserveCapacity(256 * 1024)
        var backendRequests: UInt64 = 0
        var server = 0
        for index in lines.indices {
            var changedRequests: UInt64 = 0
            if lines[index].type == 2 {
                server += 1
                if picked(server) {
                    changedRequests = UInt64(1 + (server &* 31 &+ poll) % 3)
                    backendRequests += changedRequests
                }
            } else if lines[index].type == 1 {
                changedRequests = backendRequests
                backendRequests = 0
            }
            for slot in lines[index].values.indices {
                guard let value = lines[index].values[slot] else { continue }
                let kind = lines[index].kinds[slot]
                lines[index].values[slot] = kind == 0 ? value + 1 : value + changedRequests * Self.perRequest[kind]
            }
            let line = lines[index]
            for slot in line.values.indices {
                output += line.pieces[slot]
                if let value = line.values[slot] { output += Array(String(value).utf8) }
            }
            output += line.pieces[line.values.count]
            if index < lines.count - 1 { output.append(UInt8(ascii: "\n")) }
        }
        return output
    }

    /// Whether server row `row` (1-based) moves its counters in this poll.
    private func picked(_ row: Int) -> Bool {
        if changedFraction >= 1 { return true }
        if changedFraction <= 0 { return false }
        var mix = UInt64(truncatingIfNeeded: row) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: poll) &* 0xBF58_476D_1CE4_E5B9
        mix ^= mix >> 31
        mix &*= 0x94D0_49BB_1331_11EB
        mix ^= mix >> 29
        return Double(mix % 1_000_000) < changedFraction * 1_000_000
    }
}
