/// Makes untrusted text (playbooks, balancer responses, log lines) safe to write to a terminal.
///
/// Every scalar a terminal would interpret rather than print becomes a visible, inert spelling:
///
/// - C0 controls and DEL in caret notation: ESC → `^[`, BEL → `^G`, NUL → `^@`, DEL → `^?`;
/// - C1 controls (U+0080…U+009F, e.g. the 8-bit CSI U+009B) as `<U+009B>`;
/// - bidirectional overrides/isolates (U+202A…U+202E, U+2066…U+2069) and the Unicode line and
///   paragraph separators (U+2028, U+2029) as `<U+202E>`, so text cannot reorder or break what
///   is shown around it.
///
/// Tab and newline are escaped too unless the caller allows them (``Options``). With
/// ``Options/newlines`` a CR LF pair is shown as one newline; a lone CR is always `^M`, since it
/// would move the cursor back over text already printed.
public enum TerminalSafe {
    /// Which layout characters may pass through unescaped.
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Keep LF (and turn CR LF into LF).
        public static let newlines = Options(rawValue: 1 << 0)
        /// Keep horizontal tab.
        public static let tabs = Options(rawValue: 1 << 1)
        /// Keep newlines and tabs: for multi-line text printed as a block.
        public static let layout: Options = [.newlines, .tabs]
    }

    /// Returns `text` with every control character and escape-sequence introducer made visible.
    /// Text that needs no escaping is returned unchanged (and without copying scalars).
    public static func escape(_ text: some StringProtocol, allowing options: Options = []) -> String {
        if !needsEscaping(text, allowing: options) { return String(text) }
        var out = String()
        out.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar.value {
            case 0x0A where options.contains(.newlines):
                out.unicodeScalars.append(scalar)
            case 0x0D where options.contains(.newlines) && index < scalars.count && scalars[index].value == 0x0A:
                out.unicodeScalars.append(scalars[index])
                index += 1
            case 0x09 where options.contains(.tabs):
                out.unicodeScalars.append(scalar)
            case 0x00...0x1F:
                out.append("^")
                out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
            case 0x7F:
                out.append("^?")
            default:
                if isInvisibleControl(scalar) {
                    out.append(visibleCodePoint(scalar))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether ``escape(_:allowing:)`` would change `text`.
    public static func needsEscaping(_ text: some StringProtocol, allowing options: Options = []) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where options.contains(.newlines): continue
            case 0x09 where options.contains(.tabs): continue
            case 0x20...0x7E: continue
            case 0x00...0x1F, 0x7F: return true
            default: if isInvisibleControl(scalar) { return true }
            }
        }
        return false
    }

    /// C1 controls, bidi overrides and isolates, and the Unicode line/paragraph separators.
    private static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func visibleCodePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}
