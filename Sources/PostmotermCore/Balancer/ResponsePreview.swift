/// Describes the start of an unexpected response for an error message: what kind of text it looks
/// like and its first characters, escaped so it cannot drive the terminal.
enum ResponsePreview {
    static func describe(_ bytes: some Collection<UInt8>, limit: Int = 60) -> String {
        let head = Array(bytes.prefix(512))
        let text = String(decoding: head, as: UTF8.self)
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        let lower = trimmed.prefix(200).lowercased()
        var shown = String(trimmed.prefix(limit))
        if trimmed.count > limit || bytes.count > head.count { shown += "…" }
        let quoted = "\"\(TerminalSafe.escape(shown))\""
        if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") || lower.contains("<body") || lower.contains("<head") {
            return "an HTML page starting \(quoted)"
        }
        if lower.hasPrefix("{") || lower.hasPrefix("[") { return "JSON starting \(quoted)" }
        if head.contains(0) { return "binary data (\(bytes.count) bytes) starting \(quoted)" }
        return "\(bytes.count) bytes starting \(quoted)"
    }
}
