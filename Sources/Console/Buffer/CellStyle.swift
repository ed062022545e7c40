/// How one cell is drawn: colour roles plus attributes that also read on a monochrome terminal.
///
/// Three bytes (two roles and a set of attribute bits), so a ``Cell`` stays a padding-free
/// plain value.
public struct CellStyle: Sendable, Hashable, BitwiseCopyable {
    @usableFromInline var foregroundValue: UInt8
    @usableFromInline var backgroundValue: UInt8
    /// ``Attribute`` bits.
    @usableFromInline var attributes: UInt8

    @usableFromInline enum Attribute {
        @usableFromInline static let bold: UInt8 = 1
        @usableFromInline static let reverse: UInt8 = 2
        @usableFromInline static let underline: UInt8 = 4
    }

    @inlinable
    public init(
        foreground: ColorRole = .normal, background: ColorRole = .normal,
        bold: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        foregroundValue = foreground.rawValue
        backgroundValue = background.rawValue
        attributes = (bold ? Attribute.bold : 0) | (reverse ? Attribute.reverse : 0) | (underline ? Attribute.underline : 0)
    }

    public var foreground: ColorRole {
        get { ColorRole(rawValue: foregroundValue) ?? .normal }
        set { foregroundValue = newValue.rawValue }
    }

    public var background: ColorRole {
        get { ColorRole(rawValue: backgroundValue) ?? .normal }
        set { backgroundValue = newValue.rawValue }
    }

    public var bold: Bool {
        get { attributes & Attribute.bold != 0 }
        set { set(Attribute.bold, newValue) }
    }

    public var reverse: Bool {
        get { attributes & Attribute.reverse != 0 }
        set { set(Attribute.reverse, newValue) }
    }

    public var underline: Bool {
        get { attributes & Attribute.underline != 0 }
        set { set(Attribute.underline, newValue) }
    }

    @inlinable
    mutating func set(_ bit: UInt8, _ on: Bool) {
        attributes = on ? attributes | bit : attributes & ~bit
    }

    public static let plain = CellStyle()
    public static let dim = CellStyle(foreground: .dim)
    public static let bold = CellStyle(bold: true)
    public static let accent = CellStyle(foreground: .accent, bold: true)
    public static let good = CellStyle(foreground: .good)
    public static let warning = CellStyle(foreground: .warning, bold: true)
    public static let danger = CellStyle(foreground: .danger, bold: true)
    public static let selected = CellStyle(reverse: true)
    public static let title = CellStyle(foreground: .accent, bold: true, underline: false)

    /// The same style drawn in reverse video (used for the selected row).
    public var reversed: CellStyle {
        var copy = self
        copy.reverse.toggle()
        return copy
    }
}
