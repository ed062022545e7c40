import MarkdownAdapter
import PostmotermCore
import Testing

/// The house format, end to end through cmark-gfm.
@Suite struct PlaybookFormatTests {
    static let house = """
        ---
        title: API outage
        severity: SEV-1
        services: [api, haproxy]
        balancer: /run/haproxy/admin.sock
        owner: sre-team
        ---

        # API outage behind a load balancer

        Read this first.

        ## Overview

        One instance takes all the traffic.

        ## Roles

        - **ic** — Incident Commander: owns the incident.
        - **ops** — Operations: runs every change.
          - Says each change out loud.

        ## Triage

        - [ ] **[ops]** Read the stats: `echo "show stat" | socat stdio /run/haproxy/admin.sock`

          Look for one server with most sessions.

          ```sh
          echo "get weight api/api-2" | socat stdio /run/haproxy/admin.sock
            indented   exactly
          ```
        - [x] **[ic]** Declare the incident.
        - [ ] Unowned step.
          - nested detail one
          - nested detail two

        ## Mitigate

        Drain first, then fix the weight.

        - [ ] **[ops]** Drain api-2: `set server api/api-2 state drain`

        ## Follow-up

        - [ ] **[ops]** Validate load balancer configuration changes.
        - [ ] Load-test every quarter.
        """

    @Test func metadataFromFrontMatter() throws {
        let playbook = try playbook(Self.house)
        #expect(playbook.title == "API outage")
        #expect(playbook.metadata.severity == "SEV-1")
        #expect(playbook.metadata.services == ["api", "haproxy"])
        #expect(playbook.metadata.balancer == "/run/haproxy/admin.sock")
        #expect(playbook.metadata.extra == [MetadataPair(key: "owner", value: .string("sre-team"))])
        #expect(playbook.diagnostics.isEmpty, "\(playbook.diagnostics)")
        #expect(playbook.digest == SHA256.hex(of: Self.house))
    }

    @Test func roles() throws {
        let roles = try playbook(Self.house).roles
        #expect(roles.map(\.id) == ["ic", "ops"])
        #expect(roles[0].name == "Incident Commander")
        #expect(roles[0].responsibilities == "owns the incident.")
        #expect(roles[1].responsibilities == "runs every change.\n- Says each change out loud.")
        #expect(roles[1].line == 20)
    }

    @Test func phasesAndSteps() throws {
        let playbook = try playbook(Self.house)
        #expect(playbook.phases.map(\.title) == ["Triage", "Mitigate"])
        #expect(playbook.phases.map(\.id) == ["triage", "mitigate"])
        #expect(playbook.phases.map(\.line) == [23, 38])
        #expect(playbook.phases[1].summary == "Drain first, then fix the weight.")

        let steps = playbook.phases[0].steps
        #expect(steps.map(\.role) == ["ops", "ic", nil])
        #expect(steps.map(\.line) == [25, 33, 34])
        #expect(steps[0].column == 1)
        #expect(steps[0].text == "Read the stats: `echo \"show stat\" | socat stdio /run/haproxy/admin.sock`")
        #expect(steps[0].details == "Look for one server with most sessions.")
        #expect(steps[1].isChecked)
        #expect(steps[2].details == "- nested detail one\n- nested detail two")
        #expect(steps.allSatisfy { $0.kind == .task })
    }

    @Test func commandsStayVerbatimAndAttachedToTheirStep() throws {
        let step = try #require(try playbook(Self.house).phases[0].steps.first)
        #expect(step.commands == [
            StepCommand(text: "echo \"show stat\" | socat stdio /run/haproxy/admin.sock", language: nil, line: 25, isBlock: false),
            StepCommand(
                text: "echo \"get weight api/api-2\" | socat stdio /run/haproxy/admin.sock\n  indented   exactly",
                language: "sh", line: 29, isBlock: true
            ),
        ])
        let drain = try #require(try playbook(Self.house).phases[1].steps.first)
        #expect(drain.commands.map(\.text) == ["set server api/api-2 state drain"])
    }

    @Test func followUpsAreNotSteps() throws {
        let playbook = try playbook(Self.house)
        #expect(playbook.followUps.map(\.text) == ["Validate load balancer configuration changes.", "Load-test every quarter."])
        #expect(playbook.followUps.map(\.line) == [46, 47])
        #expect(playbook.followUps.map(\.role) == ["ops", nil])
        #expect(playbook.followUps[0].id == "follow-up.validate-load-balancer-configuration-changes")
        #expect(!playbook.allSteps.contains { $0.text.contains("Load-test") })
    }

    @Test func contextSections() throws {
        let playbook = try playbook(Self.house)
        #expect(playbook.context.map(\.title) == ["Introduction", "Overview"])
        #expect(playbook.context[1].text == "One instance takes all the traffic.")
        #expect(playbook.context[1].line == 13)
    }

    @Test func lookupByID() throws {
        let playbook = try playbook(Self.house)
        let step = try #require(playbook.step(id: "mitigate.drain-api-2-set-server-api-api-2-state-drain"))
        #expect(step.role == "ops")
        #expect(playbook.phase(containingStep: step.id)?.title == "Mitigate")
        #expect(playbook.allSteps.count == 4)
        #expect(playbook.step(id: "nope") == nil)
    }

    @Test func orderedAndPlainListsAreSteps() throws {
        let playbook = try playbook("""
            # T

            ## Do

            1. First
            2. Second
            * Third
            """)
        #expect(playbook.allSteps.map(\.text) == ["First", "Second", "Third"])
        #expect(playbook.allSteps.allSatisfy { $0.kind == .item })
    }

    @Test func documentWithoutHeadingsIsOnePhase() throws {
        let playbook = try playbook("Restart the service.\n\nCheck the logs.\n")
        #expect(playbook.phases.map(\.title) == ["Steps"])
        #expect(playbook.allSteps.map(\.text) == ["Restart the service.", "Check the logs."])
        #expect(playbook.title == "test")
    }

    @Test func codeBlockBetweenStepsBelongsToTheStepBefore() throws {
        let playbook = try playbook("""
            ## Fix

            - Restart it:

            ```
            systemctl restart api
            ```

            - Then check.
            """)
        #expect(playbook.allSteps.map(\.text) == ["Restart it:", "Then check."])
        #expect(playbook.allSteps[0].commands.map(\.text) == ["systemctl restart api"])
        #expect(playbook.allSteps[0].commands[0].isBlock)
    }

    @Test func subsectionsAreRecordedOnTheirSteps() throws {
        let playbook = try playbook("""
            ## Mitigation

            ### Disk full

            - Free space.

            ### Dead process

            Restart the process.
            """)
        #expect(playbook.allSteps.map(\.section) == ["Disk full", "Dead process"])
        #expect(playbook.allSteps.map(\.kind) == [.item, .prose])
    }
}
