import BalancerAdapters
import MarkdownAdapter
import PostmotermCore

/// The parsers of untrusted input, each as a function of raw bytes, shared by the libFuzzer
/// driver (`postmoterm-fuzz`, built by `scripts/fuzz`) and the tests that replay every input the
/// fuzzer ever crashed on (`Fuzz/Regressions/<target>/`, `FuzzRegressionTests`).
///
/// A target returns normally for every input, whether it parses or is refused with an error; a
/// trap, a hang or a runaway allocation is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A playbook file: front matter (Yams) and markdown (cmark-gfm), through ``PlaybookLoader``.
    case playbook
    /// HAProxy `show stat` CSV, parsed alone and again with the previous answer's interning table.
    case haproxyCSV = "haproxy-csv"
    /// Envoy admin answers: `/clusters?format=json` and `/stats`, split at the first NUL byte.
    case envoy
    /// An HTTP/1.x response as read off the socket (framing, chunked bodies).
    case httpResponse = "http-response"
    /// What people type as a time (`--at`, the console's time prompt).
    case time

    /// Inputs larger than this are skipped by ``playbook``: pathological tables and alias bombs
    /// are refused before cmark and Yams see them by the loader's own guards (issue 18.3); until
    /// those are in, a large input would stall the run rather than find anything new.
    public static let playbookInputLimit = 16 * 1024

    /// Runs one input through the target.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .playbook:
            guard bytes.count <= Self.playbookInputLimit else { return }
            _ = PlaybookLoader.load(bytes: bytes, path: "fuzz.md")
        case .haproxyCSV:
            var table = HAProxyPreviousAnswer()
            let first = try? HAProxyCSVParser.parse(bytes, source: "fuzz", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0, previousAnswer: &table)
            // Again with the first parse's table: the row-reuse path must give the same result.
            let again = try? HAProxyCSVParser.parse(bytes, source: "fuzz", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0, previousAnswer: &table)
            precondition(first == again, "a parse with the previous answer's table differs from one without")
        case .envoy:
            let split = bytes.firstIndex(of: 0) ?? bytes.count
            let clusters = Array(bytes[..<split])
            let stats = split < bytes.count ? Array(bytes[(split + 1)...]) : []
            _ = try? EnvoyAdminParser.parse(
                clustersJSON: clusters, stats: String(decoding: stats, as: UTF8.self), source: "fuzz",
                takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0)
        case .httpResponse:
            _ = try? HTTPResponse.parse(bytes)
        case .time:
            let now = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
            _ = try? TimeParser.parse(
                String(decoding: bytes, as: UTF8.self), day: now, within: TimeWindow(incidentStartedAt: now, now: now))
        }
    }
}
