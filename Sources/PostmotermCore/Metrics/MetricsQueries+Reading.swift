import Foundation

extension MetricsQueries {
    /// One of the three queries, as named in `metrics_queries:`, the flags (`--metrics-cpu` …)
    /// and the environment (`$POSTMOTERM_METRICS_CPU` …).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case cpu, memory, p95

        /// The environment variable that overrides it.
        public var environmentName: String { "POSTMOTERM_METRICS_" + rawValue.uppercased() }
    }

    public subscript(kind: Kind) -> String {
        get {
            switch kind {
            case .cpu: cpu
            case .memory: memory
            case .p95: p95
            }
        }
        set {
            switch kind {
            case .cpu: cpu = newValue
            case .memory: memory = newValue
            case .p95: p95 = newValue
            }
        }
    }

    /// What a front matter's or config file's `metrics_queries:` gives: a map of `cpu`, `memory`
    /// and `p95` to PromQL (each giving one value per `instance` label), e.g.
    /// `{cpu: "100 * rate(node_cpu_seconds_total{mode!=\"idle\"}[1m])"}`. The good entries, and
    /// what is wrong with the others: `errors` (a value that is not PromQL text, or the key's
    /// value not a map) and `warnings` (an unknown query name, ignored).
    public static func read(_ value: MetadataValue) -> (queries: [String: String], errors: [String], warnings: [String]) {
        guard case .map(let pairs) = value else {
            return ([:], ["should map cpu, memory or p95 to PromQL, e.g. {memory: \"node_memory_Active_bytes\"}"], [])
        }
        var queries: [String: String] = [:]
        var errors: [String] = []
        var warnings: [String] = []
        for pair in pairs {
            guard Kind(rawValue: pair.key) != nil else {
                warnings.append("query '\(pair.key)' is unknown (known: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))); ignored")
                continue
            }
            guard let text = pair.value.scalarText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                errors.append("'\(pair.key)' should be PromQL text such as process_resident_memory_bytes")
                continue
            }
            if let problem = problem(in: text) {
                errors.append("'\(pair.key)' is not PromQL: \(problem)")
                continue
            }
            queries[pair.key] = text
        }
        return (queries, errors, warnings)
    }

    /// What makes `query` certainly not PromQL, as far as a look without a parser can tell: a line
    /// break, an unclosed quote, or brackets that do not pair up. Prometheus judges the rest.
    public static func problem(in query: String) -> String? {
        var open: [Character] = []
        var quote: Character?
        var escaped = false
        for character in query {
            if character.isNewline { return "it spans lines" }
            if let current = quote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == current { quote = nil }
                continue
            }
            switch character {
            case "\"", "'", "`": quote = character
            case "(", "[", "{": open.append(character)
            case ")", "]", "}":
                let expected: Character = character == ")" ? "(" : character == "]" ? "[" : "{"
                guard open.last == expected else { return "'\(character)' closes nothing" }
                open.removeLast()
            default: continue
            }
        }
        if let quote { return "its \(quote) quote is not closed" }
        if let last = open.last { return "its '\(last)' is not closed" }
        return nil
    }
}
