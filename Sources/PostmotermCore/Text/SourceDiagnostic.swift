/// A problem found in a source file, located by line and column, printed in the compiler's shape:
/// `path:line:column: error: message`.
///
/// Lines and columns start at 1; columns count UTF-8 bytes, as cmark-gfm and the C compilers do.
/// `description` escapes control characters in the path and the message (both may quote text
/// taken from the file), so it is always safe to print to a terminal.
public struct SourceDiagnostic: Sendable, Hashable {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// The file cannot be used as intended; `postmoterm check` exits 1.
        case error
        /// Worth fixing, but the file loads.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(path: String, line: Int, column: Int, severity: Severity, message: String) {
        self.path = path
        self.line = max(1, line)
        self.column = max(1, column)
        self.severity = severity
        self.message = message
    }

    /// An error at `line`:`column` of `path`.
    public static func error(_ message: String, path: String, line: Int, column: Int = 1) -> SourceDiagnostic {
        SourceDiagnostic(path: path, line: line, column: column, severity: .error, message: message)
    }

    /// A warning at `line`:`column` of `path`.
    public static func warning(_ message: String, path: String, line: Int, column: Int = 1) -> SourceDiagnostic {
        SourceDiagnostic(path: path, line: line, column: column, severity: .warning, message: message)
    }
}
