import Foundation
import Testing

@testable import PostgresTeamStore

@Suite struct TeamConnectionSettingsTests {
    @Test func parsesTheURLWithLibpqDefaults() throws {
        let settings = try TeamConnectionSettings.parse("postgres://alice@db.internal/incidents")
        #expect(settings.user == "alice")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 5432)
        #expect(settings.database == "incidents")
        #expect(settings.sslMode == .prefer)
        #expect(settings.address == "db.internal:5432/incidents")

        let full = try TeamConnectionSettings.parse("postgresql://bob@[::1]:6432?sslmode=verify-full&connect_timeout=2")
        #expect(full.host == "::1")
        #expect(full.port == 6432)
        #expect(full.database == "bob")  // as libpq: the user's name
        #expect(full.sslMode == .verifyFull)
        #expect(full.connectTimeout == 2)
        #expect(full.address == "[::1]:6432/bob")
    }

    @Test func refusesAPasswordInTheURLWithoutShowingIt() {
        #expect(throws: TeamSettingsError.passwordInURL("postgres://alice:***@db:5432/incidents")) {
            try TeamConnectionSettings.parse("postgres://alice:hunter2@db:5432/incidents")
        }
        let error = TeamSettingsError.passwordInURL(TeamConnectionSettings.redacted("postgres://alice:hunter2@db/x"))
        #expect(!error.description.contains("hunter2"))
        #expect(error.description.contains("PGPASSWORD"))
    }

    @Test func namesWhatIsWrongWithABadURL() {
        #expect(throws: TeamSettingsError.notAURL("mysql://alice@db/x")) { try TeamConnectionSettings.parse("mysql://alice@db/x") }
        #expect(throws: TeamSettingsError.missingUser("postgres://db/x")) { try TeamConnectionSettings.parse("postgres://db/x") }
        #expect(throws: TeamSettingsError.badSSLMode("sometimes")) {
            try TeamConnectionSettings.parse("postgres://a@db/x?sslmode=sometimes")
        }
        #expect(throws: TeamSettingsError.unknownParameter("password")) {
            try TeamConnectionSettings.parse("postgres://a@db/x?password=hunter2")
        }
        #expect(throws: TeamSettingsError.unreadableCAFile("/nonexistent/ca.pem")) {
            try TeamConnectionSettings.parse("postgres://a@db/x?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        }
    }

    @Test func findsThePasswordInOrderFileEnvironmentPgpass() throws {
        let folder = try TemporaryFolder()
        let settings = try TeamConnectionSettings.parse("postgres://alice@db:5433/incidents")
        let passwordFile = try folder.write("password", "from-file\nignored\n", mode: 0o600)
        let pgpass = try folder.write(
            ".pgpass",
            """
            # comment
            other:5433:incidents:alice:wrong-host
            db:5433:incidents:bob:wrong-user
            db:*:incidents:alice:from\\:pgpass\\\\x
            *:*:*:*:too-late
            """, mode: 0o600)

        let fromFile = try settings.resolvingPassword(passwordFile: passwordFile, environment: ["PGPASSWORD": "env"])
        #expect(fromFile.password?.revealed == "from-file")
        #expect(fromFile.passwordSource == .passwordFile(passwordFile))

        let fromEnvironment = try settings.resolvingPassword(passwordFile: nil, environment: ["PGPASSWORD": "env"])
        #expect(fromEnvironment.password?.revealed == "env")
        #expect(fromEnvironment.passwordSource == .environment)

        let fromPgpass = try settings.resolvingPassword(passwordFile: nil, environment: [:], homeDirectory: folder.path)
        #expect(fromPgpass.password?.revealed == "from:pgpass\\x")
        #expect(fromPgpass.passwordSource == .pgpass(path: pgpass, line: 4))

        let viaPGPASSFILE = try settings.resolvingPassword(
            passwordFile: nil, environment: ["PGPASSFILE": pgpass], homeDirectory: "/nonexistent")
        #expect(viaPGPASSFILE.password?.revealed == "from:pgpass\\x")

        let none = try settings.resolvingPassword(passwordFile: nil, environment: [:], homeDirectory: "/nonexistent")
        #expect(none.password == nil)
        #expect(none.passwordSource == .none)
    }

    @Test func refusesPasswordFilesOthersMayRead() throws {
        let folder = try TemporaryFolder()
        let settings = try TeamConnectionSettings.parse("postgres://alice@db/incidents")
        let open = try folder.write("password", "secret\n", mode: 0o644)
        #expect(throws: TeamSettingsError.passwordFileTooOpen(path: open, mode: "0644")) {
            try settings.resolvingPassword(passwordFile: open, environment: [:])
        }
        _ = try folder.write(".pgpass", "*:*:*:*:secret\n", mode: 0o640)
        #expect(throws: TeamSettingsError.passwordFileTooOpen(path: folder.path + "/.pgpass", mode: "0640")) {
            try settings.resolvingPassword(passwordFile: nil, environment: [:], homeDirectory: folder.path)
        }
        let empty = try folder.write("empty", "\n", mode: 0o600)
        #expect(throws: TeamSettingsError.emptyPasswordFile(empty)) {
            try settings.resolvingPassword(passwordFile: empty, environment: [:])
        }
    }

    @Test func neverShowsThePassword() throws {
        let settings = try TeamConnectionSettings.parse("postgres://alice@db/incidents?sslmode=require")
            .resolvingPassword(passwordFile: nil, environment: ["PGPASSWORD": "hunter2"])
        var dumped = ""
        dump(settings, to: &dumped)
        for text in ["\(settings)", String(reflecting: settings), dumped, "\(settings.password as Any)"] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(settings)" == "postgres://alice@db:5432/incidents?sslmode=require ($PGPASSWORD)")
    }
}

/// A folder deleted at the end of the test.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pm-team-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` with `mode`; its path.
    func write(_ name: String, _ text: String, mode: Int) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }
}
