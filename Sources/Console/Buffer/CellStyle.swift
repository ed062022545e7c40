/// How one cell is drawn: colour roles plus attributes that also read on a monochrome terminal.
public struct CellStyle: Sendable, Hashable {
    public var foreground: ColorRole
    public var background: ColorRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: ColorRole = .normal, background: ColorRole = .normal,
        bold: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
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
