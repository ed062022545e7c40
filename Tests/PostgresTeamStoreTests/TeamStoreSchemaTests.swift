import PostmotermCore
import PostmotermTestSupport
import Testing

@testable import PostgresTeamStore

@Suite(.serialized, .timeLimit(.minutes(1))) struct TeamStoreSchemaTests {
    @Test func twoHostsMigratingAtOnceBothSucceedAndTheSchemaIsMadeOnce() async throws {
        try await PostgresCluster.with { cluster in
            let first = try TeamFixtures.store(cluster)
            let second = try TeamFixtures.store(cluster)
            async let a: Void = first.prepare()
            async let b: Void = second.prepare()
            _ = try await (a, b)
            #expect(try cluster.sql("SELECT version FROM postmoterm_schema", database: cluster.database) == "1\n")
            // Again: nothing to do.
            try await first.prepare()
            #expect(try cluster.sql("SELECT count(*) FROM postmoterm_schema", database: cluster.database) == "1\n")
            await first.shutdown()
            await second.shutdown()
        }
    }

    @Test func aDatabaseWrittenByANewerPostmotermIsRefusedAndLeftUntouched() async throws {
        try await PostgresCluster.with { cluster in
            let store = try TeamFixtures.store(cluster)
            try await store.publish(TeamFixtures.incident())
            try cluster.sql("UPDATE postmoterm_schema SET version = 7", database: cluster.database)
            let before = try cluster.sql("SELECT count(*) FROM incidents", database: cluster.database)

            let newcomer = try TeamFixtures.store(cluster)
            await #expect(throws: TeamStoreError.newerSchema(store: "127.0.0.1:\(cluster.port)/postmoterm", found: 7, supported: 1)) {
                try await newcomer.prepare()
            }
            await #expect(throws: TeamStoreError.self) { _ = try await newcomer.incidents() }
            #expect(try cluster.sql("SELECT version FROM postmoterm_schema", database: cluster.database) == "7\n")
            #expect(try cluster.sql("SELECT count(*) FROM incidents", database: cluster.database) == before)
            await store.shutdown()
            await newcomer.shutdown()
        }
    }
}
