import Testing
@testable import PostmotermCore

@Suite struct DemoScriptTests {
    let script = DemoScript.seedOutage

    @Test func theStoryHappensInTheSeedsOrder() throws {
        func firstTime(_ matches: (DemoCueAction) -> Bool) throws -> Double {
            try #require(script.cues.first { matches($0.action) }).at
        }
        let change = try firstTime { if case .runtimeCommand(let command, _, _) = $0 { command == "set weight api/api-2 10" } else { false } }
        let open = try firstTime { if case .openIncident = $0 { true } else { false } }
        let crash = try firstTime { if case .crashInstance("api-2", _) = $0 { true } else { false } }
        let revert = try firstTime { if case .balancerAction(.setWeight(1), "api-2", _) = $0 { true } else { false } }
        let restart = try firstTime { if case .restartInstance("api-2", .some) = $0 { true } else { false } }
        let mitigated = try firstTime { if case .status(.mitigated, _) = $0 { true } else { false } }
        let resolved = try firstTime { if case .status(.resolved, _) = $0 { true } else { false } }
        let export = try firstTime { if case .export = $0 { true } else { false } }
        #expect(change < crash && crash < open && open < revert && revert < restart)
        #expect(restart < mitigated && mitigated < resolved && resolved < export)
        #expect(export <= script.duration)
        #expect(script.cues.map(\.at) == script.cues.map(\.at).sorted())
    }

    @Test func theConsoleModeKeepsOnlyTheWorld() {
        let world = script.cues(for: .console)
        #expect(!world.isEmpty)
        #expect(world.allSatisfy { !$0.action.isResponderAction })
        #expect(world.contains { if case .runtimeCommand = $0.action { true } else { false } })
        #expect(world.contains { if case .crashInstance = $0.action { true } else { false } })
        // The supervisor's restart plays only in the console; headless the responder restarts.
        #expect(world.contains { if case .restartInstance(_, nil) = $0.action { true } else { false } })
        let headless = script.cues(for: .headless)
        #expect(!headless.contains { if case .restartInstance(_, nil) = $0.action { true } else { false } })
        #expect(headless.contains { if case .restartInstance(_, .some) = $0.action { true } else { false } })
    }

    @Test func theBalancerActionsOfTheScriptAreValidCommands() throws {
        for cue in script.cues {
            if case .balancerAction(let action, let instance, _) = cue.action {
                #expect(script.instances.contains(instance))
                _ = try action.haproxyCommand(pool: script.pool, instance: instance)
            }
        }
    }
}
