extension SourceDiagnostic: CustomStringConvertible {
    /// `path:line:column: error|warning: message`, with control characters escapes (terminal-safe).
    public var description: String {
        "\(TerminalSafe.escape(path)):\(line):\(column): \(severity.rawValue): \(TerminalSafe.escape(message))"
    }
}
