import Testing

@testable import PostmotermCore

/// One rule for "who am I" on the command line and in the console (issue 13.8).
@Suite struct ResponderNameTests {
    @Test func explicitThenEnvironmentThenAccountThenFallback() {
        #expect(ResponderName.resolve(explicit: "carol", environment: ["USER": "alice"], accountName: "root") == "carol")
        #expect(ResponderName.resolve(explicit: nil, environment: ["POSTMOTERM_AUTHOR": "bob", "USER": "alice"], accountName: nil) == "bob")
        #expect(ResponderName.resolve(explicit: nil, environment: ["USER": "alice"], accountName: "root") == "alice")
        #expect(ResponderName.resolve(explicit: nil, environment: ["LOGNAME": "dana"], accountName: "root") == "dana")
        // $USER unset: the account's own name, on the CLI and in the console alike.
        #expect(ResponderName.resolve(explicit: nil, environment: [:], accountName: "root") == "root")
        #expect(ResponderName.resolve(explicit: " ", environment: ["USER": ""], accountName: nil) == ResponderName.fallback)
    }
}
