/// Checks a playbook file's bytes before anything parses them: size, binary content, UTF-8,
/// emptiness. The one place that decides what bytes may become playbook text.
public enum PlaybookFileText {
    /// Files larger than this are refused unread (4 MiB: a 10,000-step playbook is about 1 MiB).
    public static let maximumByteCount = 4 * 1024 * 1024

    /// The text of `bytes` (a leading UTF-8 byte-order mark removed), or the error that rejects them.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<String, SourceDiagnostic> {
        if bytes.count > maximumByteCount {
            return .failure(tooLarge(byteCount: bytes.count, path: path))
        }
        if let nul = bytes.firstIndex(of: 0) {
            let at = position(ofOffset: nul, in: bytes)
            return .failure(.error("binary file (NUL byte at offset \(nul)): a playbook must be markdown text", path: path, line: at.line, column: at.column))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // The standard library validates (RFC 3629, as below) and copies in one pass; the exact
        // place of a bad byte is looked for only when there is one.
        guard let text = String(validating: body, as: UTF8.self) else {
            let bad = firstInvalidUTF8Offset(bytes) ?? 0
            let at = position(ofOffset: bad, in: bytes)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return .failure(.error("file is not valid UTF-8 (byte 0x\(hex) at offset \(bad)); save it as UTF-8", path: path, line: at.line, column: at.column))
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(.error("file is empty: a playbook needs at least one step", path: path, line: 1, column: 1))
        }
        return .success(text)
    }

    /// The error for a file of `byteCount` bytes, over ``maximumByteCount``.
    public static func tooLarge(byteCount: Int, path: String) -> SourceDiagnostic {
        .error(
            "file is too large (\(byteCount) bytes; playbooks are limited to \(maximumByteCount / 1024 / 1024) MiB)",
            path: path, line: 1, column: 1
        )
    }

    /// 1-based line and byte column of `offset`.
    static func position(ofOffset offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return SourcePosition(line: line, column: offset - lineStart + 1)
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629:
    /// no overlongs, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = bytes[i + 1]
            if b1 < low || b1 > high { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
