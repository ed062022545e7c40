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
            let bigID = try write(in: directory)

            // 3. Open it as a new process would (the writer has closed the database): a new store,
            //    the incident and all its events. Best of three, the first run reported too.
            var opened: (Incident, [Event])?
            var openTimes: [(wall: Double, cpu: Double)] = []
            for _ in 0..<3 {
                opened = nil
                openTimes.append(
                    try timed {
                        let fresh = try SQLiteIncidentStore(directory: directory)
                        opened = (try fresh.incident(bigID), try fresh.events(of: bigID))
                    })
            }
            guard let (incident, loaded) = opened else { return }
            let bestOpen = openTimes.min { $0.wall < $1.wall } ?? openTimes[0]
            print(String(format: "open incident with %d events (new store + incident + all events, best of 3): %.1f ms wall, %.1f ms CPU (first of 3: %.1f ms)  [goal <= 200 ms]", loaded.count, bestOpen.wall, bestOpen.cpu, openTimes[0].wall))

            // 3b. The same open after the file changed outside postmoterm (here: touched), so the
            //     writer reads every page first (PRAGMA quick_check). Best of three.
            var checkedTimes: [(wall: Double, cpu: Double)] = []
            let database = (directory as NSString).appendingPathComponent(SQLiteIncidentStore.fileName)
            for _ in 0..<3 {
                utimensat(AT_FDCWD, database, nil, 0)
                checkedTimes.append(
                    try timed {
                        let fresh = try SQLiteIncidentStore(directory: directory)
                        _ = (try fresh.incident(bigID), try fresh.events(of: bigID))
                    })
            }
            let bestChecked = checkedTimes.min { $0.wall < $1.wall } ?? checkedTimes[0]
            print(String(format: "open it after an outside change (the writer runs PRAGMA quick_check first, best of 3): %.1f ms wall, %.1f ms CPU (first of 3: %.1f ms)", bestChecked.wall, bestChecked.cpu, checkedTimes[0].wall))

            // 4. Export it to Markdown.
            var markdown = ""
            var exportTimes: [(wall: Double, cpu: Double)] = []
            for _ in 0..<3 {
                exportTimes.append(
                    try timed {
                        markdown = PostmortemExporter.markdown(
                            PostmortemInput(
                                incident: incident, events: loaded, followUps: ["Review the runbook"],
                                generatedAt: SystemClock().now()))
                    })
            }
            let exportTime = exportTimes.min { $0.wall < $1.wall } ?? exportTimes[0]
            print(String(format: "export %d events to Markdown (best of 3): %.1f ms wall, %.1f ms CPU (%d bytes)  [goal <= 500 ms]", loaded.count, exportTime.wall, exportTime.cpu, markdown.utf8.count))
            print(String(format: "(load average at the end: %@; the machine's other work slows wall-clock times)", Self.loadAverage()))
        }

        /// Writes the append benchmark and the big incident; returns the big incident's id. The
        /// store is closed when this returns.
        private func write(in directory: String) throws -> IncidentID {
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
                    appends, Self.percentile(latencies, 0.50), Self.percentile(latencies, 0.99), latencies.last ?? 0))

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

            return big.id
        }

        /// Wall-clock and CPU milliseconds of `body` (CPU: all threads of this process, which
        /// shows the cost apart from other processes competing for the cores).
        private func timed(_ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
            let cpuStart = Self.cpuMilliseconds()
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            return (wall, Self.cpuMilliseconds() - cpuStart)
        }

        private static func cpuMilliseconds() -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
            let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
            return user + system
        }

        private static func loadAverage() -> String {
            var loads = [Double](repeating: 0, count: 3)
            guard getloadavg(&loads, 3) == 3 else { return "unknown" }
            return String(format: "%.2f %.2f %.2f", loads[0], loads[1], loads[2])
        }

        /// The `p` quantile (0…1) of `sorted` (nearest rank); 0 when empty.
        static func percentile(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return sorted[max(0, index)]
        }
    }
}
