import PostmotermCore

/// Where an HTTP/1.x response ends, found as its bytes arrive (RFC 9112 §6.3): the reader asks
/// after every read whether the answer is whole, and ``HTTPResponse/parse(_:)`` takes the body
/// from what it found. Each call to ``advance(_:)`` resumes where the last one stopped (the
/// bytes only grow), so an answer read in many pieces is still scanned once.
///
/// - `Transfer-Encoding` ending in `chunked`: chunk-size lines (hex, optional `;extensions`),
///   each chunk's data followed by CRLF, the last chunk (`0`), then trailer fields up to an empty
///   line. Whole only then; bytes that break this grammar are an error at once.
/// - `Content-Length: N` (one decimal value, repeated values must agree): whole at N body bytes.
/// - 1xx, 204 and 304 answers have no body.
/// - Otherwise the body runs to the close: never whole before it.
public struct HTTPResponseFraming: Sendable {
    /// The most header bytes read before the empty line that ends them (64 KiB).
    public static let headerLimit = 64 * 1024
    /// The longest chunk-size line or trailer line accepted (4 KiB).
    static let lineLimit = 4 * 1024

    /// How the body is delimited.
    enum BodyLength: Sendable, Equatable {
        case none
        case fixed(Int)
        case chunked
        case untilClose
    }

    /// The status line and headers, once their end has arrived.
    struct Head: Sendable {
        var status: Int
        var reason: String
        var headers: [String: String]
        /// The index of the first body byte.
        var end: Int
        var length: BodyLength
    }

    private enum ChunkPhase: Sendable {
        case sizeLine
        case data(Int)
        case trailers
        case done
    }

    private(set) var head: Head?
    /// Chunked: where each chunk's data lies in the bytes.
    private(set) var chunks: [Range<Int>] = []
    /// Chunked: the body bytes in ``chunks``.
    private(set) var chunkedBodyCount = 0
    private var phase = ChunkPhase.sizeLine
    /// The next byte to look at: in the header search, or in the chunked body.
    private var position = 0

    public init() {}

    /// Whether `bytes` (everything read so far; each call's bytes extend the last call's) hold a
    /// whole answer. Throws as soon as they can never become one.
    public mutating func advance(_ bytes: [UInt8]) throws(HTTPResponse.ParseError) -> Bool {
        if head == nil {
            guard let found = try Self.readHead(bytes, from: &position) else { return false }
            head = found
            position = found.end
        }
        guard let head else { return false }
        switch head.length {
        case .none: return true
        case .fixed(let length): return bytes.count - head.end >= length
        case .untilClose: return false
        case .chunked: return try advanceChunks(bytes)
        }
    }

    // MARK: - Head

    private static let httpPrefix = Array("HTTP/1.".utf8)

    /// The head when its empty line has arrived; `nil` while it may still come. `searched`: where
    /// the search for the empty line resumes.
    private static func readHead(_ bytes: [UInt8], from searched: inout Int) throws(HTTPResponse.ParseError) -> Head? {
        let prefix = min(bytes.count, httpPrefix.count)
        guard bytes[0..<prefix].elementsEqual(httpPrefix[0..<prefix]) else { throw .notHTTP(preview(bytes)) }
        let limit = min(bytes.count, headerLimit)
        var index = max(0, searched - 3)
        var end: Int?
        while index + 3 < limit {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                end = index
                break
            }
            index += 1
        }
        guard let end else {
            if bytes.count >= headerLimit { throw .headerTooLarge(limit: headerLimit) }
            searched = bytes.count
            return nil
        }
        var lines = String(decoding: bytes[0..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].count == 8, parts[1].count == 3, parts[1].allSatisfy(\.isASCIIDigit),
              let status = Int(parts[1])
        else { throw .notHTTP(preview(bytes)) }
        var headers: [String: String] = [:]
        var lengths: [Substring] = []
        var codings: [Substring] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaceAndTab()
            headers[name] = String(value)
            if name == "content-length" { lengths.append(contentsOf: value.split(separator: ",", omittingEmptySubsequences: false)) }
            if name == "transfer-encoding" { codings.append(contentsOf: value.split(separator: ",")) }
        }
        let length: BodyLength
        if (100..<200).contains(status) || status == 204 || status == 304 {
            length = .none
        } else if let last = codings.last {
            length = last.trimmingSpaceAndTab().lowercased() == "chunked" ? .chunked : .untilClose
        } else if !lengths.isEmpty {
            length = .fixed(try contentLength(lengths, as: headers["content-length"] ?? ""))
        } else {
            length = .untilClose
        }
        return Head(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, end: end + 4, length: length)
    }

    /// The one length every `Content-Length` value gives (RFC 9112 §6.3: a list of the same value
    /// is that value; anything else is an invalid answer).
    private static func contentLength(_ values: [Substring], as sent: String) throws(HTTPResponse.ParseError) -> Int {
        var length: Int?
        for value in values {
            let digits = value.trimmingSpaceAndTab()
            guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits),
                  length == nil || length == number
            else { throw .badContentLength(TerminalSafe.escape(String(sent.prefix(60)))) }
            length = number
        }
        guard let length else { throw .badContentLength(TerminalSafe.escape(String(sent.prefix(60)))) }
        return length
    }

    // MARK: - Chunked body

    /// Reads on through the chunked body; true once the trailer section has ended.
    private mutating func advanceChunks(_ bytes: [UInt8]) throws(HTTPResponse.ParseError) -> Bool {
        while true {
            switch phase {
            case .done:
                return true
            case .sizeLine:
                guard let lineEnd = try lineEnd(bytes) else { return false }
                let size = try Self.chunkSize(bytes[position..<lineEnd])
                position = lineEnd + 2
                phase = size == 0 ? .trailers : .data(size)
            case .data(let size):
                let available = bytes.count - position
                if available > size, bytes[position + size] != 13 {
                    throw .badChunk("chunk data longer than its size (\(size))")
                }
                guard available >= size + 2 else { return false }
                guard bytes[position + size + 1] == 10 else { throw .badChunk("chunk data not followed by CRLF") }
                chunks.append(position..<(position + size))
                chunkedBodyCount += size
                position += size + 2
                phase = .sizeLine
            case .trailers:
                guard let lineEnd = try lineEnd(bytes) else { return false }
                if lineEnd == position { phase = .done }  // the empty line: the answer is whole
                position = lineEnd + 2
            }
        }
    }

    /// Where the CRLF that ends the line at ``position`` starts; `nil` while it has not arrived.
    private func lineEnd(_ bytes: [UInt8]) throws(HTTPResponse.ParseError) -> Int? {
        var index = position
        let limit = min(bytes.count, position + Self.lineLimit)
        while index < limit {
            let byte = bytes[index]
            if byte == 10 { throw .badChunk("a line ended by a bare LF") }
            if byte == 13 {
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == 10 else { throw .badChunk("a bare CR in a chunk line") }
                return index
            }
            index += 1
        }
        if bytes.count - position >= Self.lineLimit { throw .badChunk("a chunk line longer than \(Self.lineLimit / 1024) KiB") }
        return nil
    }

    /// The size of a chunk-size line: 1*HEXDIG, then optional whitespace and `;` extensions
    /// (ignored, but only printable text and tabs).
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPResponse.ParseError) -> Int {
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = hexValue(line[index]) {
            guard size <= (Int.max - value) >> 4 else { throw .badChunk("a chunk size too large") }
            size = size << 4 | value
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw .badChunk("chunk size \(describe(line)) is not hexadecimal") }
        while index < line.endIndex, line[index] == 32 || line[index] == 9 { index += 1 }
        if index < line.endIndex {
            guard line[index] == UInt8(ascii: ";"), line[index...].allSatisfy({ $0 == 9 || (32..<127).contains($0) }) else {
                throw .badChunk("chunk size line \(describe(line))")
            }
        }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        "\"" + TerminalSafe.escape(String(decoding: bytes.prefix(40), as: UTF8.self)) + (bytes.count > 40 ? "…" : "") + "\""
    }

    /// The first bytes of an answer, quoted and escaped for messages.
    static func preview(_ bytes: [UInt8]) -> String {
        "\"" + TerminalSafe.escape(String(decoding: bytes.prefix(60), as: UTF8.self)) + (bytes.count > 60 ? "…" : "") + "\""
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension Substring {
    func trimmingSpaceAndTab() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
