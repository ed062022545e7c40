import PostmotermCore

/// What loading one playbook file gives: the playbook when the file could be read as text, and
/// every diagnostic (those of the playbook included).
public struct PlaybookLoadResult: Sendable {
    /// The path as given (or as found under a folder).
    public var path: String
    /// `nil` when the file could not be read or decoded (missing, binary, not UTF-8, too large…).
    public var playbook: Playbook?
    /// All findings for the file, in line order.
    public var diagnostics: [SourceDiagnostic]

    public init(path: String, playbook: Playbook?, diagnostics: [SourceDiagnostic]) {
        self.path = path
        self.playbook = playbook
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool {
        diagnostics.contains { $0.severity == .error }
    }
}
