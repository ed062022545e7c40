import Testing

@testable import PostmotermCore

/// A team store's URL as shown to people never carries a password (issue 15).
@Suite struct TeamConnectionTests {
    @Test(arguments: [
        ("postgres://alice@db:5432/incidents", "postgres://alice@db:5432/incidents"),
        ("postgres://alice:s3cret@db:5432/incidents", "postgres://alice:***@db:5432/incidents"),
        ("postgres://alice:s3cret@db/incidents?sslmode=require&password=s3cret", "postgres://alice:***@db/incidents?sslmode=require&password=***"),
        ("postgresql://a:p%40ss@[::1]:5433/x", "postgresql://a:***@[::1]:5433/x"),
    ])
    func passwordsAreRedacted(url: String, shown: String) {
        #expect(TeamConnection(url: url).redactedURL == shown)
        #expect(!TeamConnection(url: url).description.contains("s3cret"))
    }

    @Test func retryableErrorsAreTheOnesTheNetworkCanFix() {
        #expect(TeamStoreError.unreachable(store: "x", reason: "refused").isRetryable)
        #expect(TeamStoreError.timedOut(store: "x", seconds: 2).isRetryable)
        #expect(!TeamStoreError.authenticationFailed(store: "x", user: "alice").isRetryable)
        #expect(TeamStoreError.timedOut(store: "x", seconds: 2).description == "team store x did not answer within 2 s")
    }
}
