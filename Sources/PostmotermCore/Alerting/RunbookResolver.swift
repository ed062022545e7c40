/// Finds the local playbook for an alert, among candidate files (in the order of the folders
/// searched: `--playbooks DIR` first, then the shipped `playbooks/`, then
/// `$XDG_DATA_HOME/postmoterm/playbooks`):
///
/// 1. a file whose name (without `.md`) is the last path segment of the alert's `runbook_url`
///    (query, fragment, a trailing `/` and an extension dropped);
/// 2. a playbook whose front matter claims the alert (`alerts: [Name, …]`);
/// 3. a file named after the `alertname`.
///
/// Names compare without regard to case: prometheus-operator's URLs are lower-case
/// (`…/kubernetes/kubepodcrashlooping`) and its files are not (`KubePodCrashLooping.md`).
public enum RunbookResolver {
    /// One playbook file that could be an alert's runbook.
    public struct Candidate: Sendable, Hashable {
        public var path: String
        /// The alert names its front matter claims.
        public var claims: [String]

        public init(path: String, claims: [String] = []) {
            self.path = path
            self.claims = claims
        }

        /// The file name without folder and `.md`, lower-cased.
        var stem: String { RunbookResolver.stem(path) }
    }

    /// How the playbook was found (said to the responder next to the path).
    public enum Reason: String, Sendable, Hashable {
        case runbookURL = "runbook_url"
        case frontMatter = "front matter alerts"
        case alertname = "alertname"
    }

    public struct Match: Sendable, Hashable {
        public var path: String
        public var reason: Reason
    }

    public static func resolve(alertname: String, runbookURL: String?, among candidates: [Candidate]) -> Match? {
        if let runbookURL, let segment = lastSegment(runbookURL) {
            if let found = candidates.first(where: { $0.stem == segment }) { return Match(path: found.path, reason: .runbookURL) }
        }
        let name = alertname.lowercased()
        if let found = candidates.first(where: { $0.claims.contains { $0.lowercased() == name } }) {
            return Match(path: found.path, reason: .frontMatter)
        }
        if let found = candidates.first(where: { $0.stem == name }) { return Match(path: found.path, reason: .alertname) }
        return nil
    }

    /// The lower-cased last path segment of a URL, without query, fragment or extension.
    static func lastSegment(_ url: String) -> String? {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        while text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return nil }
        let segment = stem(String(text[text.index(after: slash)...]))
        return segment.isEmpty ? nil : segment
    }

    static func stem(_ path: String) -> String {
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        return name.lowercased()
    }
}
