import Console
import Foundation
import MonitoringAdapters
import PostmotermCore

/// Asks Prometheus (`--metrics`) for every instance's CPU, memory and p95 once per poll interval,
/// on a task of its own with a deadline shorter than the interval: a down or slow Prometheus
/// shows as STALE in the columns and never delays a key or a balancer poll.
enum MetricsFeed {
    static func start(
        client: PrometheusClient, queries: MetricsQueries, interval: Double, sink: AsyncStream<RuntimeEvent>.Continuation
    ) -> Task<Void, Never> {
        Task.detached {
            let period = max(1, interval)
            while !Task.isCancelled {
                let started = Date()
                do {
                    let reading = try await client.instanceMetrics(queries, timeout: min(period, 2))
                    sink.yield(.message(.instanceMetrics(reading, failure: nil, at: Date())))
                } catch {
                    sink.yield(.message(.instanceMetrics([:], failure: String(describing: error), at: Date())))
                }
                let left = period - Date().timeIntervalSince(started)
                if left > 0 { try? await Task.sleep(nanoseconds: UInt64(left * 1e9)) }
            }
        }
    }
}
