import Testing

@testable import postmoterm

/// A password in a `--team` URL is blanked like a balancer's, and the warning says how to give a
/// team store's password instead (issue 15).
@Suite struct TeamURLPasswordTests {
    @Test func theWarningNamesTheTeamStoreAndItsWaysToGiveAPassword() {
        let url = Array("postgres://alice:s3cret@db:5432/incidents".utf8)
        #expect(CommandLinePasswords.passwordRange(in: url).map { String(decoding: url[$0], as: UTF8.self) } == "s3cret")
        let warning = CommandLinePasswords.warning(argument: 3, bytes: url)
        #expect(warning.contains("a team store URL") && warning.contains("$PGPASSWORD, ~/.pgpass or --team-password-file"))
        #expect(!warning.contains("s3cret"))
        let balancer = CommandLinePasswords.warning(argument: 2, bytes: Array("haproxy+http://ops:x@lb/stats".utf8))
        #expect(balancer.contains("a balancer address") && balancer.contains("--auth-file"))
    }
}
