import Foundation
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
    /// Alertmanager's `GET /api/v2/alerts` answer, read by ``AlertsAnswerReader`` and, as a
    /// differential check, by `JSONDecoder` through `Alert`'s `Decodable` conformance; and a
    /// pair of answers, the second read against the first (``AlertsPreviousAnswer``) as it is
    /// read alone: the input split at its first NUL byte, or without one the input and itself
    /// re-sent (the digits after each `"updatedAt"` and `"endsAt"` key moved on).
    case alerts

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
            if let first { Self.checkShares(first) }
        case .envoy:
            let split = bytes.firstIndex(of: 0) ?? bytes.count
            let clusters = Array(bytes[..<split])
            let stats = split < bytes.count ? Array(bytes[(split + 1)...]) : []
            if let snapshot = try? EnvoyAdminParser.parse(
                clustersJSON: clusters, stats: String(decoding: stats, as: UTF8.self), source: "fuzz",
                takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0) {
                Self.checkShares(snapshot)
            }
        case .httpResponse:
            _ = try? HTTPResponse.parse(bytes)
            // Sharded = whole: the framing fed the bytes in two reads decides what it decides
            // when fed them at once (the reader asks after every read).
            let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
            var atOnce = HTTPResponseFraming(), inTwo = HTTPResponseFraming()
            let whole = Result { () throws(HTTPResponse.ParseError) -> Bool in try atOnce.advance(bytes) }
            let pieces = Result { () throws(HTTPResponse.ParseError) -> Bool in
                _ = try inTwo.advance(Array(bytes[..<cut]))
                return try inTwo.advance(bytes)
            }
            // `notHTTP` quotes the bytes seen so far, which differ; the verdict must not.
            let verdict = { (result: Result<Bool, HTTPResponse.ParseError>) -> Result<Bool, HTTPResponse.ParseError> in
                if case .failure(.notHTTP) = result { return .failure(.notHTTP("")) }
                return result
            }
            precondition(verdict(whole) == verdict(pieces), "the framing read in two pieces differs from one read")
        case .alerts:
            let read = try? AlertsAnswerReader.alerts(bytes)
            // Whatever both accept, both read alike (the reader replaced JSONDecoder on the poll path).
            if let read, let decoded = try? JSONDecoder().decode([Alert].self, from: Data(bytes)) {
                precondition(read == decoded, "AlertsAnswerReader and JSONDecoder read different alerts")
            }
            if let split = bytes.firstIndex(of: 0) {
                Self.checkReadAgainst(Array(bytes[..<split]), Array(bytes[(split + 1)...]))
            } else {
                Self.checkReadAgainst(bytes, Self.resent(bytes))
            }
        case .time:
            let now = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? TimeParser.parse(text, day: now)
            _ = try? TimeParser.parse(text, day: now, within: TimeWindow(incidentStartedAt: now.adding(milliseconds: -3_600_000), now: now))
        }
    }

    /// `next` read against `previous` gives what `next` read alone gives (alerts, or the error),
    /// and so does reading it once more against itself.
    static func checkReadAgainst(_ previous: [UInt8], _ next: [UInt8]) {
        var memory = AlertsPreviousAnswer()
        _ = try? AlertsAnswerReader.alerts(previous, previous: &memory)
        let alone = Result { () throws(AlertmanagerAnswerError) -> [Alert] in try AlertsAnswerReader.alerts(next) }
        let against = Result { () throws(AlertmanagerAnswerError) -> [Alert] in try AlertsAnswerReader.alerts(next, previous: &memory) }
        precondition(alone == against, "an answer read against the previous one differs from the answer read alone")
        let again = Result { () throws(AlertmanagerAnswerError) -> [Alert] in try AlertsAnswerReader.alerts(next, previous: &memory) }
        precondition(alone == again, "an answer read against itself differs from the answer read alone")
    }

    /// `bytes` as Prometheus's re-send changes an answer: each digit within 40 bytes after a
    /// `"updatedAt"` or `"endsAt"` moved on by one.
    static func resent(_ bytes: [UInt8]) -> [UInt8] {
        var next = bytes
        for key in [Array(#""updatedAt""#.utf8), Array(#""endsAt""#.utf8)] where bytes.count >= key.count {
            for start in 0...(bytes.count - key.count) where bytes[start..<(start + key.count)].elementsEqual(key) {
                for index in (start + key.count)..<min(bytes.count, start + key.count + 40) {
                    let byte = next[index]
                    if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                        next[index] = byte == UInt8(ascii: "9") ? UInt8(ascii: "0") : byte + 1
                    }
                }
            }
        }
        return next
    }

    /// The property fuzzing alone is blind to: in every pool with serving weight, the shares sum
    /// to 100 % of it, each between 0 and 1; instances that do not serve have none.
    static func checkShares(_ snapshot: BalancerSnapshot) {
        for pool in snapshot.pools {
            let shares = pool.instances.compactMap(\.share)
            precondition(shares.allSatisfy { $0 >= 0 && $0 <= 1 }, "a share outside 0…1 in pool \(pool.name)")
            precondition(pool.instances.allSatisfy { $0.status.isServing || $0.share == nil }, "a share for an instance that does not serve")
            if pool.instances.contains(where: { $0.status.isServing && $0.effectiveWeight > 0 }) {
                precondition(abs(shares.reduce(0, +) - 1) < 1e-9, "shares of pool \(pool.name) sum to \(shares.reduce(0, +))")
            }
        }
    }
}
