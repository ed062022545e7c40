import BalancerAdapters
import Foundation
import LoopbackLab

/// A CPU window of `console --traffic`: bounded requests through the benchmark pool while a
/// console polls it, so the rows it reads change from poll to poll as in a real incident, and
/// how many did change.
struct LoadedWindow {
    var cpuPerRefresh: Double
    var refreshes: Int
    /// Requests completed per second during the window.
    var requestsPerSecond: Double
    /// Server rows whose fields other than `lastchg` differed between two answers a second apart,
    /// and all server rows.
    var changedRows: Int
    var rows: Int

    var describe: String {
        "\(Int(requestsPerSecond.rounded())) req/s through the pool; \(changedRows) of \(rows) server rows changed in a second besides lastchg; \(refreshes) refreshes"
    }

    /// Starts the load, lets it settle, counts changing rows, samples `pid`'s CPU for `seconds`
    /// and stops the load. `marker` gives the refresh count's starting point, `polls` the
    /// refreshes since it.
    static func measure(
        pid: Int32, frontend: UInt16, rate: Double, seconds: Double, socket: String,
        marker: () -> Int64, polls: (Int64) -> Int
    ) throws -> LoadedWindow {
        let plan = try LoadPlan(
            port: frontend, path: "/", rate: rate, concurrency: 4, maxRequests: Int(rate * (seconds + 5)) + 1,
            maxDuration: seconds + 5, requestTimeout: 2)
        let load = LoadGenerator(plan: plan)
        load.start()
        defer {
            load.stop()
            load.waitUntilFinished(timeout: 5)
        }
        Thread.sleep(forTimeInterval: 1.5)
        let (changed, rows) = try changedServerRows(socket: socket)
        var sampler = ProcessCPUSampler(pid: pid)
        let since = marker()
        sampler.sample(for: seconds)
        let refreshes = polls(since)
        let completed = load.report(overLast: seconds).completed
        return LoadedWindow(
            cpuPerRefresh: sampler.milliseconds / Double(max(1, refreshes)), refreshes: refreshes,
            requestsPerSecond: Double(completed) / seconds, changedRows: changed, rows: rows)
    }

    /// Two `show stat` answers a second apart: the server rows that changed in more than `lastchg`.
    private static func changedServerRows(socket: String) throws -> (changed: Int, rows: Int) {
        let request = Array("show stat\n".utf8)
        let first = try SocketExchange.run(.unix(path: socket), request: request, timeout: 5, limit: 64 << 20)
        Thread.sleep(forTimeInterval: 1)
        let second = try SocketExchange.run(.unix(path: socket), request: request, timeout: 5, limit: 64 << 20)
        let before = rows(first), after = rows(second)
        guard let header = before.header, let lastchg = header.firstIndex(of: "lastchg") else { return (0, 0) }
        var changed = 0
        for (name, fields) in after.servers {
            guard let old = before.servers[name] else { changed += 1; continue }
            if fields.count != old.count || fields.indices.contains(where: { $0 != lastchg && fields[$0] != old[$0] }) {
                changed += 1
            }
        }
        return (changed, after.servers.count)
    }

    /// The header's field names and each server row's fields by `pool/server`.
    private static func rows(_ answer: [UInt8]) -> (header: [Substring]?, servers: [String: [Substring]]) {
        let lines = String(decoding: answer, as: UTF8.self).split(separator: "\n")
        guard let first = lines.first, first.hasPrefix("# ") else { return (nil, [:]) }
        let header = first.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false)
        var servers: [String: [Substring]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > 1, fields[1] != "FRONTEND", fields[1] != "BACKEND" else { continue }
            servers["\(fields[0])/\(fields[1])"] = fields
        }
        return (header, servers)
    }
}
