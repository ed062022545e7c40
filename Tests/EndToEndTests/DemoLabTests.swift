import Foundation
import PostmotermTestSupport
import Testing
@testable import LoopbackLab

/// The demo's loopback components on their own: the capacity model, the backend that degrades
/// and crashes, and the load generator that stops by itself.
@Suite(.serialized) struct DemoLabTests {
    @Test func capacityServesSlowsThenRefuses() {
        let capacity = BackendCapacity(comfortableRate: 25, meltdownRate: 40, baseLatency: 0.004, overloadedLatency: 0.25)
        #expect(capacity.verdict(rate: 20, inFlight: 0) == .serve(latency: 0.004))
        guard case .serve(let slow) = capacity.verdict(rate: 32.5, inFlight: 0) else {
            Issue.record("between comfortable and meltdown it must still serve")
            return
        }
        #expect(abs(slow - 0.127) < 0.001)
        #expect(capacity.verdict(rate: 41, inFlight: 0) == .reject)
        #expect(capacity.verdict(rate: 1, inFlight: capacity.maxInFlight) == .reject)
    }

    @Test func theRateMeterForgetsWhatLeftTheWindow() {
        var meter = ArrivalRateMeter(window: 1)
        for index in 0..<30 { _ = meter.record(at: Double(index) / 30) }
        #expect(meter.rate(at: 0.99) == 30)
        #expect(meter.rate(at: 1.5) < 16)
        #expect(meter.rate(at: 3) == 0)
    }

    @Test func theBackendAnswersCrashesAndComesBackOnItsPort() throws {
        let backend = CapacityBackend(name: "api-9", capacity: BackendCapacity(comfortableRate: 100, meltdownRate: 200))
        try backend.start()
        defer { backend.stop() }
        let port = backend.port
        #expect(Self.get(port: port, path: "/api")?.contains("200 OK") == true)
        #expect(Self.get(port: port, path: "/api")?.contains("api-9 ok") == true)
        #expect(Self.get(port: port, path: "/health")?.contains("200 OK") == true)

        backend.crash()
        #expect(!backend.isRunning)
        #expect(Self.get(port: port, path: "/health") == nil, "a crashed backend must refuse connections")
        #expect(backend.statistics.crashes == 1)

        try backend.restart()
        #expect(backend.port == port)
        #expect(Self.get(port: port, path: "/api")?.contains("200 OK") == true)
    }

    @Test func anOverloadedBackendAnswers503() throws {
        let backend = CapacityBackend(name: "api-2", capacity: BackendCapacity(comfortableRate: 5, meltdownRate: 10))
        try backend.start()
        defer { backend.stop() }
        let load = LoadGenerator(plan: try LoadPlan(port: backend.port, rate: 60, concurrency: 8, maxRequests: 60, maxDuration: 5))
        load.start()
        #expect(load.waitUntilFinished(timeout: 10))
        let totals = load.totals
        #expect(totals.completed == 60)
        #expect(totals.serverErrors > 30, "\(totals.summary)")
        #expect(backend.statistics.rejected == totals.serverErrors)
    }

    @Test func theLoadStopsAtItsRequestCount() throws {
        let backend = CapacityBackend(name: "api-1", capacity: BackendCapacity(comfortableRate: 1_000, meltdownRate: 2_000))
        try backend.start()
        defer { backend.stop() }
        let load = LoadGenerator(plan: try LoadPlan(port: backend.port, rate: 500, concurrency: 4, maxRequests: 25, maxDuration: 60))
        load.start()
        #expect(load.waitUntilFinished(timeout: 10))
        #expect(load.totals.completed == 25)
        #expect(load.totals.succeeded == 25)
    }

    @Test func theLoadStopsAtItsDuration() throws {
        let backend = CapacityBackend(name: "api-1", capacity: BackendCapacity(comfortableRate: 1_000, meltdownRate: 2_000))
        try backend.start()
        defer { backend.stop() }
        let started = Date()
        let load = LoadGenerator(plan: try LoadPlan(port: backend.port, rate: 40, concurrency: 4, maxRequests: 100_000, maxDuration: 0.5))
        load.start()
        #expect(load.waitUntilFinished(timeout: 10))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(load.totals.completed <= 22)
        #expect(load.totals.completed >= 10)
    }

    @Test func unboundedOrOddPlansAreRefused() {
        #expect(throws: LoadPlan.Invalid.rate(0)) { try LoadPlan(port: 1, rate: 0, maxRequests: 1, maxDuration: 1) }
        #expect(throws: LoadPlan.Invalid.duration(0)) { try LoadPlan(port: 1, rate: 1, maxRequests: 1, maxDuration: 0) }
        #expect(throws: LoadPlan.Invalid.duration(7_200)) { try LoadPlan(port: 1, rate: 1, maxRequests: 1, maxDuration: 7_200) }
        #expect(throws: LoadPlan.Invalid.requestCount(0)) { try LoadPlan(port: 1, rate: 1, maxRequests: 0, maxDuration: 1) }
        #expect(throws: LoadPlan.Invalid.concurrency(0)) { try LoadPlan(port: 1, rate: 1, concurrency: 0, maxRequests: 1, maxDuration: 1) }
        #expect(throws: LoadPlan.Invalid.path("/a b")) { try LoadPlan(port: 1, path: "/a b", rate: 1, maxRequests: 1, maxDuration: 1) }
    }

    @Test func aSupervisedProcessDiesWithItsGroup() throws {
        let process = try SupervisedProcess(executable: "/bin/sleep", arguments: ["30"])
        #expect(process.isRunning)
        #expect(process.groupIsAlive)
        process.terminate(grace: 1)
        #expect(!process.groupIsAlive)
        #expect(process.termination == .signalled(SIGTERM))
    }

    /// A supervised child gets standard input, output and error (and the watchdog its lifeline)
    /// and nothing else of this process: a descriptor another thread left open without
    /// close-on-exec (as Foundation's `Process` does) does not reach it.
    @Test(.timeLimit(.minutes(1))) func aSupervisedProcessInheritsNoOtherDescriptor() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pm-fds-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try SupervisedProcess(executable: "/bin/sh", arguments: ["-c", "ls /proc/$$/fd"], outputPath: output)
        #expect(ProcessExit.wait(for: [process.pid], until: Deadline(seconds: 30)))
        process.terminate(grace: 1)
        let listed = Set(((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) })
        #expect(listed.isSuperset(of: [0, 1, 2]), "\(listed)")
        #expect(!listed.contains(ends[0]) && !listed.contains(ends[1]), "the pipe \(ends) reached the child: \(listed)")
    }

    /// One GET on loopback; the whole answer, or nil when the connection failed.
    static func get(port: UInt16, path: String) -> String? {
        guard let socket = try? LoopbackSocket.makeConnection(port: port, timeout: 2) else { return nil }
        defer { close(socket) }
        guard LoopbackSocket.writeAll(socket, Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)),
              let answer = LoopbackSocket.read(socket, limit: 65_536)
        else { return nil }
        return String(decoding: answer, as: UTF8.self)
    }
}
