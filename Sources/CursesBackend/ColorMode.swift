/// Whether the console uses colour.
public enum ColorMode: Sendable, Hashable {
    /// Colours when the terminal has them, unless `NO_COLOR` is set (https://no-color.org).
    case automatic
    /// Attributes only (bold, reverse, underline, dim): every marker still reads.
    case none

    /// `NO_COLOR` set to a non-empty value turns colour off.
    public static func fromEnvironment(_ environment: [String: String]) -> ColorMode {
        if let value = environment["NO_COLOR"], !value.isEmpty { return .none }
        return .automatic
    }
}
