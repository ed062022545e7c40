/// The compact bytes the incident log keeps a ``CounterHistoryBucket`` in (budget: 2 MB of log
/// per hour at 1,003 instances, ~5 bytes per instance and bucket).
///
/// Values are stored as five columns (requests, 5xx, share in hundredths of a percent, CPU %,
/// memory MiB) of unsigned LEB128
/// numbers, each number being the value + 1 (0: unknown). Each column is written either plainly
/// or as runs (`count value` pairs: a column of zeros, or of unknowns, takes a few bytes),
/// whichever is shorter; a leading byte says which. Instance names are stored apart, only when
/// they change (``encode(names:)``).
public enum CounterHistoryCoding {
    /// Why stored bytes could not be read.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private static let plain: UInt8 = 0
    private static let runs: UInt8 = 1

    /// The values' bytes.
    public static func encode(_ values: some Collection<CounterHistoryBucket.Value>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 4 + 16)
        appendNumber(UInt64(values.count), to: &out)
        appendColumn(values.map { $0.requests &+ 1 }, to: &out)
        appendColumn(values.map { $0.responses5xx.map { $0 &+ 1 } ?? 0 }, to: &out)
        appendColumn(values.map { $0.sharePercent.map { UInt64(max(0, min(10_000, ($0 * 100).rounded()))) + 1 } ?? 0 }, to: &out)
        appendColumn(values.map { $0.cpuPercent.map { UInt64(max(0, $0)) + 1 } ?? 0 }, to: &out)
        appendColumn(values.map { $0.memoryMiB.map { UInt64(max(0, $0)) + 1 } ?? 0 }, to: &out)
        return out
    }

    /// The values `bytes` hold.
    public static func decodeValues(_ bytes: some Collection<UInt8>) throws(DecodingError) -> [CounterHistoryBucket.Value] {
        var reader = Reader(bytes: Array(bytes))
        let count = Int(try reader.number())
        guard count <= bytes.count * 128 else { throw DecodingError(description: "history bucket claims \(count) instances") }
        let requests = try reader.column(count: count)
        let errors = try reader.column(count: count)
        let shares = try reader.column(count: count)
        let cpu = try reader.column(count: count)
        let memory = try reader.column(count: count)
        var values: [CounterHistoryBucket.Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append(CounterHistoryBucket.Value(
                requests: requests[index] &- (requests[index] == 0 ? 0 : 1),
                responses5xx: errors[index] == 0 ? nil : errors[index] - 1,
                sharePercent: shares[index] == 0 ? nil : Double(shares[index] - 1) / 100,
                cpuPercent: cpu[index] == 0 ? nil : Int(clamping: cpu[index] - 1),
                memoryMiB: memory[index] == 0 ? nil : Int(clamping: memory[index] - 1)))
        }
        return values
    }

    /// The names' bytes: a count, then each name's UTF-8 length and bytes.
    public static func encode(names: [String]) -> [UInt8] {
        var out: [UInt8] = []
        appendNumber(UInt64(names.count), to: &out)
        for name in names {
            let utf8 = Array(name.utf8)
            appendNumber(UInt64(utf8.count), to: &out)
            out += utf8
        }
        return out
    }

    /// The names `bytes` hold.
    public static func decodeNames(_ bytes: some Collection<UInt8>) throws(DecodingError) -> [String] {
        var reader = Reader(bytes: Array(bytes))
        let count = Int(try reader.number())
        guard count <= bytes.count else { throw DecodingError(description: "history names claim \(count) names") }
        var names: [String] = []
        names.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try reader.number())
            names.append(String(decoding: try reader.take(length), as: UTF8.self))
        }
        return names
    }

    private static func appendNumber(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private static func appendColumn(_ numbers: [UInt64], to out: inout [UInt8]) {
        var plainBytes: [UInt8] = [plain]
        for number in numbers { appendNumber(number, to: &plainBytes) }
        var runBytes: [UInt8] = [runs]
        var index = 0
        while index < numbers.count {
            var end = index + 1
            while end < numbers.count, numbers[end] == numbers[index] { end += 1 }
            appendNumber(UInt64(end - index), to: &runBytes)
            appendNumber(numbers[index], to: &runBytes)
            index = end
        }
        out += runBytes.count < plainBytes.count ? runBytes : plainBytes
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func number() throws(DecodingError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count else { throw DecodingError(description: "history bucket ends early") }
                guard shift < 64 else { throw DecodingError(description: "history number too long") }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        mutating func take(_ count: Int) throws(DecodingError) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else { throw DecodingError(description: "history name ends early") }
            defer { position += count }
            return bytes[position..<position + count]
        }

        mutating func column(count: Int) throws(DecodingError) -> [UInt64] {
            guard position < bytes.count else { throw DecodingError(description: "history bucket ends early") }
            let mode = bytes[position]
            position += 1
            var numbers: [UInt64] = []
            numbers.reserveCapacity(count)
            switch mode {
            case CounterHistoryCoding.plain:
                for _ in 0..<count { numbers.append(try number()) }
            case CounterHistoryCoding.runs:
                while numbers.count < count {
                    let length = try number()
                    let value = try number()
                    guard length > 0, length <= UInt64(count - numbers.count) else {
                        throw DecodingError(description: "history run of \(length) does not fit")
                    }
                    numbers.append(contentsOf: repeatElement(value, count: Int(length)))
                }
            default:
                throw DecodingError(description: "history column of unknown kind \(mode)")
            }
            return numbers
        }
    }
}
