/// Turns titles and step texts into the short ASCII ids that phases and steps are known by.
enum Slug {
    /// The longest slug produced, in characters (cut at a word boundary when possible).
    static let maximumLength = 48

    /// `"Drain **api-2** in HAProxy"` → `"drain-api-2-in-haproxy"`; `fallback` when nothing is left.
    /// `prefix` (e.g. `"mitigate."`) is put in front, outside the length limit.
    static func make(_ text: String, fallback: String, prefix: String = "") -> String {
        var text = text
        var prefix = prefix
        var fallback = fallback
        // The loop below stops at most two bytes past the limit (a hyphen and a character).
        let capacity = prefix.utf8.count + max(maximumLength + 2, fallback.utf8.count)
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            let out = buffer.baseAddress!
            var count = prefix.withUTF8 { utf8 in
                out.update(from: utf8.baseAddress ?? UnsafePointer(out), count: utf8.count)
                return utf8.count
            }
            let start = count
            let limit = start + maximumLength
            var pendingHyphen = false
            text.withUTF8 { utf8 in
                for byte in utf8 {
                    let lowered: UInt8
                    let folded = byte | 0x20  // A-Z → a-z; no other byte lands in a-z
                    if folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z") {
                        lowered = folded
                    } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                        lowered = byte
                    } else {
                        pendingHyphen = count > start
                        continue
                    }
                    if pendingHyphen {
                        out[count] = UInt8(ascii: "-")
                        count += 1
                        pendingHyphen = false
                    }
                    out[count] = lowered
                    count += 1
                    if count > limit { break }
                }
            }
            if count > limit {
                count = limit
                // Cut at the last word boundary when it keeps at least half the length.
                var cut = count - 1
                while cut >= start, out[cut] != UInt8(ascii: "-") { cut -= 1 }
                if cut >= start + maximumLength / 2 { count = cut }
                while count > start, out[count - 1] == UInt8(ascii: "-") { count -= 1 }
            }
            if count == start {
                count += fallback.withUTF8 { utf8 in
                    (out + count).update(from: utf8.baseAddress ?? UnsafePointer(out), count: utf8.count)
                    return utf8.count
                }
            }
            return count
        }
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
