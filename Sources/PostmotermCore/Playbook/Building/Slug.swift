/// Turns titles and step texts into the short ASCII ids that phases and steps are known by.
enum Slug {
    /// The longest slug produced, in characters (cut at a word boundary when possible).
    static let maximumLength = 48

    /// `"Drain **api-2** in HAProxy"` → `"drain-api-2-in-haproxy"`; `fallback` when nothing is left.
    /// `prefix` (e.g. `"mitigate."`) is put in front, outside the length limit.
    static func make(_ text: String, fallback: String, prefix: String = "") -> String {
        var out = [UInt8]()
        out.reserveCapacity(prefix.utf8.count + min(text.utf8.count, maximumLength + 1))
        out.append(contentsOf: prefix.utf8)
        let start = out.count
        var pendingHyphen = false
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                let lowered: UInt8
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): lowered = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): lowered = byte + 32
                default:
                    pendingHyphen = out.count > start
                    continue
                }
                if pendingHyphen {
                    out.append(UInt8(ascii: "-"))
                    pendingHyphen = false
                }
                out.append(lowered)
                if out.count - start > maximumLength { break }
            }
        }
        if out.count - start > maximumLength {
            out.removeSubrange((start + maximumLength)...)
            if let cut = out.lastIndex(of: UInt8(ascii: "-")), cut >= start + maximumLength / 2 {
                out.removeSubrange(cut...)
            }
            while out.count > start, out.last == UInt8(ascii: "-") { out.removeLast() }
        }
        if out.count == start { out.append(contentsOf: fallback.utf8) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `id` is usable as an explicit id: ASCII letters, digits, `-`, `_`, `.`; 1…64 long.
    static func isValidIdentifier(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                return true
            default:
                return false
            }
        }
    }
}
