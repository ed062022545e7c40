import ArgumentParser
import Foundation
import PostmotermCore
import SQLiteStore

extension StoreBench {
    /// The measurements themselves.
    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "measure", abstract: "Run the incident-log benchmarks and print the numbers.")

        @Option(help: "Durable appends to time (one transaction each).") var appends: Int = 2000
        @Option(help: "Events in the incident to export and open.") var events: Int = 100_000
        @Option(help: "Where to put the temporary database (default: a new directory under /tmp).")
        var directory: String?

        func run() throws {
            let directory = self.directory ?? NSTemporaryDirectory() + "postmoterm-bench-\(getpid())"
            defer { if self.directory == nil { try? FileManager.default.removeItem(atPath: directory) } }
            let store = try SQLiteIncidentStore(directory: directory)
            let author = Author(name: "bench", role: "IC")

            // 1. Durable append latency.
            let small = try store.createIncident(IncidentDraft(title: "append latency", author: author))
            var latencies: [Double] = []
            latencies.reserveCapacity(appends)
            for n in 0..<appends {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try store.append(.note("note \(n)", author: author), to: small.id)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            latencies.sort()
            print(
                String(
                    format: "append (durable, synchronous=FULL): n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms  [goal p99 <= 5 ms]",
                    appends, percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.last ?? 0))

            // 2. A big incident, written in batches (not timed).
            let big = try store.createIncident(IncidentDraft(title: "big incident", severity: "SEV1", author: author))
            var drafts: [EventDraft] = []
            for n in 1..<events {
                drafts.append(SyntheticIncident.draft(n, author: author))
                if drafts.count == 5000 || n == events - 1 {
                    _ = try store.append(contentsOf: drafts, to: big.id)
                    drafts.removeAll(keepingCapacity: true)
                }
            }

            // 3. Open it: a fresh store (as a new process would), the incident and all its events.
            var opened: (Incident, [Event])?
            let openTime = try timed {
                let fresh = try SQLiteIncidentStore(directory: directory)
                opened = (try fresh.incident(big.id), try fresh.events(of: big.id))
            }
            guard let (incident, loaded) = opened else { return }
            print(String(format: "open incident with %d events (new store + incident + all events): %.1f ms  [goal <= 200 ms]", loaded.count, openTime))

            // 4. Export it to Markdown.
            var markdown = ""
            let exportTime = try timed {
                markdown = PostmortemExporter.markdown(
                    PostmortemInput(
                        incident: incident, events: loaded, followUps: ["Review the runbook"],
                        generatedAt: SystemClock().now()))
            }
            print(String(format: "export %d events to Markdown: %.1f ms (%d bytes)  [goal <= 500 ms]", loaded.count, exportTime, markdown.utf8.count))
        }

        private func timed(_ body: () throws -> Void) throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }

        private func percentile(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return sorted[max(0, index)]
        }
    }
}
