/// Writes inline markdown as one line of plain text, straight into UTF-8 bytes: whitespace runs
/// become one space, leading and trailing whitespace is dropped. The hot path of building a
/// playbook (every step's text goes through it), hence bytes rather than `Character`s.
struct PlainTextWriter {
    private var bytes: [UInt8] = []
    private var pendingSpace = false

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func write(_ inlines: some Collection<MarkdownInline>) {
        for inline in inlines {
            switch inline {
            case .text(let s):
                write(s)
            case .code(let s, _):
                let fence = s.utf8.contains(UInt8(ascii: "`")) ? "`` " : "`"
                write(fence)
                write(s)
                write(fence == "`" ? "`" : " ``")
            case .emphasis(let c), .strong(let c, _), .strikethrough(let c), .image(_, let c):
                write(c)
            case .link(let destination, let c):
                if c.isEmpty { write(destination) } else { write(c) }
            case .html:
                break
            case .softBreak, .lineBreak:
                pendingSpace = !bytes.isEmpty
            }
        }
    }

    mutating func write(_ s: String) {
        if bytes.isEmpty { bytes.reserveCapacity(64) }
        var s = s
        s.withUTF8 { utf8 in
            for byte in utf8 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    pendingSpace = !bytes.isEmpty
                } else {
                    if pendingSpace {
                        bytes.append(0x20)
                        pendingSpace = false
                    }
                    bytes.append(byte)
                }
            }
        }
    }
}
