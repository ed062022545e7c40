/// An alert's playbook, found and loaded by the runtime for `o` on the alerts pane
/// (``ConsoleCommand/openRunbook(_:)``), for the console to switch to.
public struct AlertPlaybook: Sendable, Hashable {
    /// The alert's `alertname` (as received; escape it where shown).
    public var alertName: String
    /// Where the playbook was found (absolute path).
    public var path: String
    public var outline: PlaybookOutline
    /// The SHA-256 of the file's bytes (``PlaybookDigest``), recorded with the choice.
    public var digest: String?

    public init(alertName: String, path: String, outline: PlaybookOutline, digest: String? = nil) {
        self.alertName = alertName
        self.path = path
        self.outline = outline
        self.digest = digest
    }
}
