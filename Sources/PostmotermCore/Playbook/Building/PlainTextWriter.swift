/// Writes inline markdown as one line of plain text, straight into the UTF-8 storage of the
/// resulting string: whitespace runs become one space, leading and trailing whitespace is
/// dropped. The hot path of building a playbook (every step's text goes through it), hence one
/// allocation per text and bytes rather than `Character`s.
struct PlainTextWriter {
    /// The plain text of `inlines` (see ``InlineText/plain(_:)``).
    static func text(of inlines: some Collection<MarkdownInline>) -> String {
        let capacity = byteCountBound(inlines)
        guard capacity > 0 else { return "" }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = PlainTextWriter(buffer: buffer)
            writer.write(inlines)
            return writer.count
        }
    }

    /// An upper bound of the bytes `write` produces: every byte of text at most once, plus the
    /// backticks and padding of code spans and one space per line break.
    private static func byteCountBound(_ inlines: some Collection<MarkdownInline>) -> Int {
        var total = 0
        for inline in inlines {
            switch inline {
            case .text(let s): total += s.utf8.count
            case .code(let s, _): total += s.utf8.count + 6
            case .emphasis(let c), .strong(let c, _), .strikethrough(let c), .image(_, let c):
                total += byteCountBound(c)
            case .link(let destination, let c):
                total += c.isEmpty ? destination.utf8.count : byteCountBound(c)
            case .html: break
            case .softBreak, .lineBreak: total += 1
            }
        }
        return total
    }

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var pendingSpace = false

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    private mutating func write(_ inlines: some Collection<MarkdownInline>) {
        for inline in inlines {
            switch inline {
            case .text(let s):
                write(s)
            case .code(let s, _):
                var s = s
                let hasBacktick = s.withUTF8 { $0.contains(UInt8(ascii: "`")) }
                write(hasBacktick ? "`` " : "`")
                write(s)
                write(hasBacktick ? " ``" : "`")
            case .emphasis(let c), .strong(let c, _), .strikethrough(let c), .image(_, let c):
                write(c)
            case .link(let destination, let c):
                if c.isEmpty { write(destination) } else { write(c) }
            case .html:
                break
            case .softBreak, .lineBreak:
                pendingSpace = count > 0
            }
        }
    }

    private mutating func write(_ s: String) {
        // Locals rather than stored properties in the loop: they stay in registers.
        var s = s
        var count = self.count
        var pendingSpace = self.pendingSpace
        let out = buffer.baseAddress!
        s.withUTF8 { utf8 in
            for byte in utf8 {
                if byte <= 0x20 && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                    pendingSpace = count > 0
                } else {
                    if pendingSpace {
                        out[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    out[count] = byte
                    count += 1
                }
            }
        }
        self.count = count
        self.pendingSpace = pendingSpace
    }
}
