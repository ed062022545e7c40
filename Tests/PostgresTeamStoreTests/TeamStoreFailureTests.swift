import Foundation
import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import PostgresTeamStore

/// Every way the team store can fail gives a clear error naming host:port/database, never the
/// password, within the store's timeout.
@Suite(.serialized, .timeLimit(.minutes(1))) struct TeamStoreFailureTests {
    @Test func aWrongPasswordIsNamedWithoutShowingIt() async throws {
        try await PostgresCluster.with { cluster in
            let wrong = "not-\(cluster.password)-at-all"
            let store = try TeamFixtures.store(cluster, password: wrong)
            let error = await #expect(throws: TeamStoreError.self) { try await store.prepare() }
            #expect(error == .authenticationFailed(store: "127.0.0.1:\(cluster.port)/postmoterm", user: "responder"))
            Self.expectNoSecret(in: "\(error as Any)", wrong, cluster.password)
            Self.expectNoSecret(in: cluster.serverLog(), wrong, cluster.password)
            Self.expectNoSecret(in: Self.everyCommandLine(), wrong, cluster.password)
            await store.shutdown()
        }
    }

    @Test func aMissingDatabaseIsNamed() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster, database: "incidents")
            await #expect(throws: TeamStoreError.databaseMissing(store: "127.0.0.1:\(cluster.port)/incidents", database: "incidents")) {
                try await store.prepare()
            }
            await store.shutdown()
        }
    }

    @Test func aServerRefusingTLSIsNamed() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster, query: "sslmode=require")
            let error = await #expect(throws: TeamStoreError.self) { try await store.prepare() }
            guard case .tls(let store, let reason) = error else {
                Issue.record("not a TLS error: \(error as Any)")
                return
            }
            #expect(store == "127.0.0.1:\(cluster.port)/postmoterm")
            #expect(reason.contains("does not offer TLS"))
        }
    }

    @Test func tlsVerifiedAgainstTheCAWorksAndAWrongCAIsRefused() async throws {
        try await PostgresCluster.with(tls: true, requireTLS: true) { cluster in
            let ca = try #require(cluster.caFile)
            let verified = try TeamFixtures.store(cluster, query: "sslmode=verify-full&sslrootcert=\(ca)")
            try await verified.prepare()
            #expect(try await verified.incidents().isEmpty)
            await verified.shutdown()

            let plain = try TeamFixtures.store(cluster, query: "sslmode=disable")
            await #expect(throws: TeamStoreError.self) { try await plain.prepare() }  // hostssl only

            // A CA that did not sign the server's certificate.
            try await PostgresCluster.with(tls: true) { other in
                let wrongCA = try #require(other.caFile)
                let store = try TeamFixtures.store(cluster, query: "sslmode=verify-full&sslrootcert=\(wrongCA)")
                let error = await #expect(throws: TeamStoreError.self) { try await store.prepare() }
                guard case .tls = error else {
                    Issue.record("not a TLS error: \(error as Any)")
                    return
                }
            }
        }
    }

    @Test func aHungServerAnswersTimedOutWithinTheTimeoutAndRecovers() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster, timeout: 1)
            try await store.publish(TeamFixtures.incident())
            cluster.hang()
            let started = ContinuousClock.now
            await #expect(throws: TeamStoreError.timedOut(store: "127.0.0.1:\(cluster.port)/postmoterm", seconds: 1)) {
                _ = try await store.push([TeamFixtures.event(0)])
            }
            // A second caller, and a new connection to the hung server, are bounded too.
            await #expect(throws: TeamStoreError.timedOut(store: "127.0.0.1:\(cluster.port)/postmoterm", seconds: 1)) {
                _ = try await store.fetch(incident: TeamFixtures.incidentID, after: 0, limit: nil)
            }
            #expect(started.duration(to: .now) < .seconds(5))
            cluster.resume()
            let event = TeamFixtures.event(1)
            _ = try await store.push([event])
            #expect(try await store.fetch(incident: TeamFixtures.incidentID, after: 0, limit: nil).map(\.event.originID).contains(event.originID))
            await store.shutdown()
        }
    }

    @Test func aServerThatIsGoneIsUnreachableAndTheStoreWorksOnceItIsBack() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster, timeout: 3)
            try await store.publish(TeamFixtures.incident())
            let first = (0..<3).map { TeamFixtures.event($0) }
            _ = try await store.push(first)
            try cluster.stop()

            let error = await #expect(throws: TeamStoreError.self) { _ = try await store.push([TeamFixtures.event(3)]) }
            guard case .unreachable(let name, _) = error else {
                Issue.record("not unreachable: \(error as Any)")
                return
            }
            #expect(name == "127.0.0.1:\(cluster.port)/postmoterm")
            #expect(error?.isRetryable == true)

            try cluster.start()
            let later = (3..<6).map { TeamFixtures.event($0) }
            _ = try await store.push(later + first)  // the retry of what may have been lost, and new ones
            let all = try await store.fetch(incident: TeamFixtures.incidentID, after: 0, limit: nil)
            #expect(all.map(\.event) == first + later)
            await store.shutdown()
        }
    }

    static func expectNoSecret(in text: String, _ secrets: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!text.contains(secret), "a password appears in: \(text.prefix(300))", sourceLocation: sourceLocation)
        }
    }

    /// Every process's argv on this machine (what `ps` shows).
    static func everyCommandLine() -> String {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        }.joined(separator: "\n")
    }
}
