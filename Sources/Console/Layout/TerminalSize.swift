/// The terminal's size in columns and rows.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// Below this the console shows "terminal too small" instead of its panes.
    public static let minimum = TerminalSize(columns: 60, rows: 15)

    public var isTooSmall: Bool { columns < Self.minimum.columns || rows < Self.minimum.rows }
    public var description: String { "\(columns)×\(rows)" }
}
