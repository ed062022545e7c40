extension TerminalSafe {
    /// `json` (as written by `JSONEncoder`) with every scalar a terminal would interpret spelled
    /// `\uXXXX`. JSONEncoder escapes C0 controls but passes DEL, C1 controls, bidi overrides and
    /// the Unicode line separators through; these scalars can only occur inside JSON strings,
    /// where the escape means the same scalar, so the document decodes to the same values.
    public static func escapingInvisibleControls(inJSON json: String) -> String {
        guard needsEscaping(json, allowing: .layout) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            switch scalar.value {
            case 0x00...0x08, 0x0B...0x1F, 0x7F, 0x80...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension TerminalSafe {
    /// ``escape(_:allowing:)``, and also every invisible format character (zero-width space,
    /// joiners, word joiner, byte-order mark, soft hyphen…) as `<U+200B>`: for columns of names
    /// where an invisible character would make two different names look the same.
    public static func escapeShowingZeroWidth(_ text: String) -> String {
        let escaped = escape(text)
        guard escaped.unicodeScalars.contains(where: { $0.value >= 0xAD && $0.properties.generalCategory == .format }) else {
            return escaped
        }
        var out = ""
        for scalar in escaped.unicodeScalars {
            if scalar.value >= 0xAD && scalar.properties.generalCategory == .format {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
