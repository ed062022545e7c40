import Testing

@testable import postmoterm

/// Twice after start (start-up over, first polls settled); again only after keys and then quiet.
@Suite(.timeLimit(.minutes(1))) struct PageReleasePolicyTests {
    /// `#expect` cannot take a mutating call.
    static func ask(_ policy: inout PageReleasePolicy, _ time: Double) -> Bool {
        policy.shouldRelease(at: time)
    }

    @Test func releasesWhenStartUpIsOverAndOnceMoreWhenThePollsSettled() {
        var policy = PageReleasePolicy(start: 100)
        #expect(Self.ask(&policy, 100) == false)
        #expect(Self.ask(&policy, 100.9) == false)
        #expect(Self.ask(&policy, 101))
        #expect(Self.ask(&policy, 102) == false)
        #expect(Self.ask(&policy, 102.2))
        // Only watching: never again.
        for second in 103...1000 { #expect(Self.ask(&policy, Double(second)) == false) }
    }

    @Test func keysAfterTheFirstReleaseWaitForTheirOwnQuietInsteadOfTheSettleRelease() {
        var policy = PageReleasePolicy(start: 0)
        #expect(Self.ask(&policy, 1))
        policy.input(at: 1.5)
        #expect(Self.ask(&policy, 2.2) == false)
        #expect(Self.ask(&policy, 31) == false)
        #expect(Self.ask(&policy, 31.5))
    }

    @Test func releasesAgainOnlyAfterInputAndThenQuiet() {
        var policy = PageReleasePolicy(start: 0, startDelay: 3, idleDelay: 30)
        #expect(Self.ask(&policy, 3))
        policy.input(at: 10)
        #expect(Self.ask(&policy, 39) == false, "29 s after the key")
        policy.input(at: 35)
        #expect(Self.ask(&policy, 40) == false, "typing again restarts the wait")
        #expect(Self.ask(&policy, 64) == false)
        #expect(Self.ask(&policy, 65))
        #expect(Self.ask(&policy, 200) == false, "no input since the last release")
        policy.input(at: 300)
        #expect(Self.ask(&policy, 330))
    }

    @Test func inputDuringStartUpDoesNotDelayTheFirstRelease() {
        var policy = PageReleasePolicy(start: 0, startDelay: 3)
        policy.input(at: 1)
        policy.input(at: 2.9)
        #expect(Self.ask(&policy, 3))
        // The keys pressed before it were released with it; nothing new since.
        #expect(Self.ask(&policy, 40) == false)
    }
}
