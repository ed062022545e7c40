import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// Issue 14 (store budget): a writer reads every page of the log (`PRAGMA quick_check`) only when
/// the log is not exactly as the last writer that closed it healthy left it.
@Suite struct DamageCheckRecordTests {
    let alice = Author(name: "alice")

    @Test func aLogItsLastWriterClosedIsNotCheckedAgainUntilItChanges() throws {
        let dir = TemporaryDirectory()
        let id = try seedLog(dir.path, notes: 20)
        let record = DamageCheckRecord(databasePath: dir.appending(SQLiteIncidentStore.fileName))
        #expect(FileManager.default.fileExists(atPath: record.recordPath), "the writer's close recorded the log as healthy")
        #expect(record.isUnchangedSinceCheck())

        do {
            let store = try SQLiteIncidentStore(directory: dir.path)
            _ = try store.append(.note("one more", author: alice), to: id)
            // Open and written: its -wal holds what the database file does not yet.
            #expect(!record.isUnchangedSinceCheck())
        }
        #expect(record.isUnchangedSinceCheck(), "recorded again by the writer that changed it, as it closed")
        let reader = try SQLiteIncidentStore(readingFrom: dir.path)
        #expect(try reader.events(of: id).count == 22)
    }

    @Test func anyOtherChangeToTheFileMakesTheNextWriterCheck() throws {
        let dir = TemporaryDirectory()
        _ = try seedLog(dir.path, notes: 20)
        let database = dir.appending(SQLiteIncidentStore.fileName)
        let record = DamageCheckRecord(databasePath: database)
        #expect(record.isUnchangedSinceCheck())

        // Its times set back to what they were: the status-change time still moves.
        var status = stat()
        #expect(stat(database, &status) == 0)
        var times = [status.st_atim, status.st_mtim]
        #expect(utimensat(AT_FDCWD, database, &times, 0) == 0)
        #expect(!record.isUnchangedSinceCheck(), "a touched file is checked again")

        // Checked and closed again: recorded; then a -wal left behind (a writer that crashed).
        _ = try SQLiteIncidentStore(directory: dir.path)
        #expect(record.isUnchangedSinceCheck())
        #expect(FileManager.default.createFile(atPath: database + "-wal", contents: Data(repeating: 1, count: 32)))
        #expect(!record.isUnchangedSinceCheck(), "a -wal left behind means the log is checked again")
    }

    @Test func aDamagedLogIsRefusedEvenWhereItsLastWriterRecordedItHealthy() throws {
        let dir = TemporaryDirectory()
        let id = try seedLog(dir.path, notes: 300)
        let database = dir.appending(SQLiteIncidentStore.fileName)
        #expect(DamageCheckRecord(databasePath: database).isUnchangedSinceCheck())
        // Damaged in place, its size unchanged.
        var data = try #require(FileManager.default.contents(atPath: database))
        #expect(data.count > 4 * 4096)
        for offset in (2 * 4096 + 8)..<(2 * 4096 + 2048) { data[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
        try data.write(to: URL(fileURLWithPath: database))
        #expect(throws: IncidentStoreError.self) {
            let store = try SQLiteIncidentStore(directory: dir.path)
            _ = try store.append(.note("after the damage", author: alice), to: id)
        }
        #expect(FileManager.default.contents(atPath: database) == data, "nothing was written to the damaged file")
    }
}
