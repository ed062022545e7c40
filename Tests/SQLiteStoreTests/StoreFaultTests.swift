import Foundation
import PostmotermCore
import Testing

@testable import SQLiteStore

/// Issue 18.9, 18.10, 18.17 and the fault suite: reading never writes, a damaged log refuses
/// appends and says how to recover, a full disk loses nothing acknowledged, odd paths and
/// permissions are refused or reported.
@Suite(.serialized) struct StoreFaultTests {
    let alice = Author(name: "alice")

    private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func readingOpensReadOnlyAndLeavesTheFileAsItWas() throws {
        let dir = TemporaryDirectory()
        let id = try seedLog(dir.path)
        let database = dir.appending(SQLiteIncidentStore.fileName)
        let before = try #require(bytes(database))
        let reader = try SQLiteIncidentStore(readingFrom: dir.path)
        #expect(reader.isReadOnly)
        #expect(try reader.summaries().count == 1)
        #expect(try reader.events(of: id).count == 4)
        #expect(throws: IncidentStoreError.self) { try reader.append(.note("no", author: alice), to: id) }
        #expect(bytes(database) == before, "a read changed the database file (schema cookie, header)")
    }

    @Test func readingWhereThereIsNoLogCreatesNothing() throws {
        let dir = TemporaryDirectory()
        #expect(throws: IncidentStoreError.noLog(path: dir.appending(SQLiteIncidentStore.fileName))) {
            try SQLiteIncidentStore(readingFrom: dir.path)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(directory: "") }
        #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(readingFrom: "") }
    }

    @Test func aReadOnlyMountIsReadableAndRefusesWrites() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        guard Mount.tmpfs(at: dir.path, size: "4m") else { return }  // not root: no mount here
        defer { Mount.unmount(dir.path) }
        let id = try seedLog(dir.path)
        guard Mount.run(["-o", "remount,ro", dir.path]) else { return }
        let reader = try SQLiteIncidentStore(readingFrom: dir.path)
        #expect(try reader.events(of: id).count == 4)
        #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(directory: dir.path) }
    }

    @Test func aDamagedLogRefusesAppendsAndSaysHowToRecover() throws {
        let dir = TemporaryDirectory()
        let id = try seedLog(dir.path, notes: 300)
        let database = dir.appending(SQLiteIncidentStore.fileName)
        // Scribble over the middle of the file (b-tree pages of the event table).
        var data = try #require(bytes(database))
        let pageSize = 4096
        #expect(data.count > 4 * pageSize)
        for offset in (2 * pageSize + 8)..<(2 * pageSize + 2048) { data[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
        try data.write(to: URL(fileURLWithPath: database))
        do {
            let store = try SQLiteIncidentStore(directory: dir.path)
            _ = try store.append(.note("after the damage", author: alice), to: id)
            Issue.record("a damaged log accepted an append")
        } catch let error as IncidentStoreError {
            guard case .damagedDatabase(let path, _) = error else {
                Issue.record("expected damagedDatabase, got \(error)")
                return
            }
            #expect(path == database)
            #expect(error.description.contains("sqlite3 '\(database)' .recover"))
        }
        #expect(bytes(database) == data, "nothing was written to the damaged file")
    }

    @Test func aDanglingSymbolicLinkIsNotFollowed() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let target = dir.appending("elsewhere/target.sqlite")
        try FileManager.default.createSymbolicLink(atPath: dir.appending(SQLiteIncidentStore.fileName), withDestinationPath: target)
        #expect(throws: IncidentStoreError.self) { try SQLiteIncidentStore(directory: dir.path) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func everyoneWritablePermissionsAreReported() throws {
        let dir = TemporaryDirectory()
        _ = try seedLog(dir.path)
        let store = try SQLiteIncidentStore(directory: dir.path)
        #expect(store.permissionWarnings.isEmpty)
        chmod(dir.path, 0o777)
        chmod(dir.appending(SQLiteIncidentStore.fileName), 0o666)
        let warnings = store.permissionWarnings
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("mode 777") == true)
        #expect(warnings.last?.contains("mode 666") == true)
    }

    @Test(.timeLimit(.minutes(1))) func aFullDiskLosesNothingAcknowledged() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        guard Mount.tmpfs(at: dir.path, size: "256k") else { return }  // not root: no mount here
        defer { Mount.unmount(dir.path) }
        let store = try SQLiteIncidentStore(directory: dir.path)
        let incident = try store.createIncident(IncidentDraft(title: "Disk full", author: alice))
        var acknowledged: [Int64] = []
        var failure: IncidentStoreError?
        let text = String(repeating: "x", count: 900)
        for n in 0..<2_000 {  // bounded: 256 KiB holds far fewer
            do {
                acknowledged.append(try store.append(.note("\(n) \(text)", author: alice), to: incident.id).sequence)
            } catch {
                failure = error as? IncidentStoreError
                break
            }
        }
        let error = try #require(failure, "the disk never filled")
        #expect(error.description.contains("full"), "\(error)")
        let reread = try SQLiteIncidentStore(readingFrom: dir.path).events(of: incident.id).map(\.sequence)
        #expect(Set(acknowledged).isSubset(of: Set(reread)))
    }
}

/// Mounts for the fault tests (they run as root here; elsewhere the tests that need a mount
/// return early).
enum Mount {
    static func tmpfs(at path: String, size: String) -> Bool {
        getuid() == 0 && run(["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", path])
    }

    static func unmount(_ path: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/umount")
        process.arguments = ["-l", path]
        try? process.run()
        process.waitUntilExit()
    }

    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mount")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
