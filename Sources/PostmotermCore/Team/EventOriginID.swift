/// The globally unique id an event gets where it is first written (its origin host), before it
/// is shipped anywhere: a UUIDv7 (RFC 9562), so ids sort by the origin's clock and a retried or
/// replayed push of the same event is recognised (pushes are idempotent on this id).
///
/// Text form: the canonical lowercase `8-4-4-4-12` hex. Comparison is byte order, which for
/// UUIDv7 is the origin's time order (ties broken by the generator's counter, then randomness).
/// It orders nothing shared: the shared order is the team store's (see ``TeamStore``).
public struct EventOriginID: Hashable, Comparable, Sendable {
    /// The 16 bytes, big-endian as written in the text form.
    public let bytes: [UInt8]

    /// The id with these 16 bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    init(uncheckedBytes bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads the canonical text form (hyphens where RFC 9562 puts them, hex in either case).
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var high: UInt8? = nil
        for (offset, character) in utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = Self.nibble(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        self.bytes = bytes
    }

    /// The canonical lowercase text form.
    public var text: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The origin's clock reading the id was made at (its 48-bit millisecond prefix).
    public var timestamp: Timestamp {
        var milliseconds: Int64 = 0
        for byte in bytes.prefix(6) { milliseconds = milliseconds << 8 | Int64(byte) }
        return Timestamp(millisecondsSinceEpoch: milliseconds)
    }

    public static func < (lhs: EventOriginID, rhs: EventOriginID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension EventOriginID: CustomStringConvertible {
    public var description: String { text }
}

extension EventOriginID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = EventOriginID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an event origin id: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
