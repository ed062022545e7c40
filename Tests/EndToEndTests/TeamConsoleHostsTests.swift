import Foundation
import LoopbackLab
import PostmotermCore
import PostmotermTestSupport
import SQLiteStore
import Testing

/// Issue 15 with consoles (tmux) on several "hosts" (see ``TeamLab``): another host's note on
/// the screen within a second, and one recorder per balancer across hosts.
@Suite(.serialized, .teamCluster, .timeLimit(.minutes(3))) struct TeamConsoleHostsTests {
    @Test func anotherHostsNoteIsOnTheConsoleWithinASecond() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        let id = try alice.start("Live")
        try bob.log(id, "bob joined")
        let incident = try #require(IncidentID(rawValue: id))

        let console = try ConsoleTmux(
            command: bob.openCommand(["--incident", id, "--as", "bob"]), columns: 120, rows: 32, directory: bob.folder)
        defer { console.stop() }
        console.waitFor(text: "team ✓")
        let aliceLog = try alice.store()
        var delays: [Double] = []
        for n in 1...5 {
            let text = "alice live note \(n)"
            try alice.log(id, text)
            let shown = console.waitFor(text: text, timeout: 10) != nil
            let seen = Date()
            let written = try #require(try aliceLog.events(of: incident).first { $0.text == text }).recordedAt
            if shown { delays.append(seen.timeIntervalSince1970 - Double(written.millisecondsSinceEpoch) / 1000) }
        }
        // From alice's commit to bob's screen: her command ships at exit, the store NOTIFYs,
        // bob's console fetches, imports and draws.
        #expect(delays.count == 5)
        #expect((delays.max() ?? 99) < 1.0, "delays \(delays.map { String(format: "%.3f", $0) })")
        print("team live delays (s): \(delays.map { String(format: "%.3f", $0) }.joined(separator: " "))")
    }

    /// A note typed in one host's console shows on another host's console within half a second
    /// (the issue's p99 on loopback): the writing console sends it at once, not at its next idle
    /// round (a second later).
    @Test func aNoteTypedInOneConsoleShowsOnAnotherHostsConsoleWithinHalfASecond() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        let id = try alice.start("Console to console")
        try bob.log(id, "bob joined")
        let incident = try #require(IncidentID(rawValue: id))
        let consoles = try [alice, bob].map { host in
            try ConsoleTmux(
                command: host.openCommand(["--incident", id, "--as", host.name]), columns: 120, rows: 32, directory: host.folder)
        }
        defer { consoles.forEach { $0.stop() } }
        for console in consoles { console.waitFor(text: "team ✓") }
        let aliceLog = try alice.store()
        var delays: [Double] = []
        for n in 1...5 {
            let text = "typed by alice \(n)"
            try consoles[0].press("n")
            consoles[0].waitFor(text: "Note:")
            try consoles[0].type(text)
            try consoles[0].press("Enter")
            let shown = consoles[1].waitFor(text: text, timeout: 10) != nil
            let seen = Date()
            let written = try #require(try aliceLog.events(of: incident).first { $0.text == text }).recordedAt
            if shown { delays.append(seen.timeIntervalSince1970 - Double(written.millisecondsSinceEpoch) / 1000) }
        }
        #expect(delays.count == 5)
        #expect((delays.max() ?? 99) < 0.5, "delays \(delays.map { String(format: "%.3f", $0) })")
        print("team console-to-console delays (s): \(delays.map { String(format: "%.3f", $0) }.joined(separator: " "))")
    }

    @Test func twoConsolesOnTwoHostsRecordEachObservationOnce() throws {
        let lab = try TeamLab()
        defer { lab.remove() }
        let haproxy = try ConsoleEndToEndTests.Lab()
        defer { haproxy.stop() }
        let alice = try lab.host("alice")
        let bob = try lab.host("bob")
        let id = try alice.start("One recorder")
        try bob.log(id, "bob joined")
        let arguments = ["--incident", id, "--balancer", haproxy.haproxy.unixAddress, "--interval", "0.2"]
        let consoles = try [alice, bob].map { host in
            try ConsoleTmux(
                command: host.openCommand(arguments + ["--as", host.name]), columns: 110, rows: 32, directory: host.folder)
        }
        defer { consoles.forEach { $0.stop() } }
        for console in consoles {
            console.waitFor("live with api-2 skewed") { $0.contains("live") && $0.contains("SKEW") }
        }
        var screens: [String] = []
        for console in consoles {
            screens.append(console.waitFor("who records") { $0.contains("· recording") || $0.contains("· watching") } ?? "")
        }
        #expect(screens.filter { $0.contains("· recording") }.count == 1, "\(screens.joined(separator: "\n----\n"))")

        _ = try haproxy.haproxy.command("set server api/api-2 weight 1")
        for console in consoles {
            console.waitFor("the skew gone") { $0.contains("live") && !$0.contains("SKEW") }
        }
        // Each console ends (its last events are sent as it exits), then every host converges.
        for console in consoles {
            try console.press("q", "y")
            #expect(console.waitForExit(timeout: 20) == 0)
        }
        let outputs = try lab.converge([alice, bob], id)
        #expect(Set(outputs).count == 1, "hosts differ")
        let entries = try TeamTimeline.entries(outputs[0])
        let observations = entries.filter { $0.kind == .balancerObservation }
        let changes = observations.filter { $0.data["finding"] == "weightChange" && $0.data["to"] == "1" }
        #expect(changes.count == 1, "\(observations.map { "\($0.event.author.name): \($0.event.text)" })")
        let skews = observations.filter { $0.data["finding"] == "weightSkew" && $0.data["to"] == nil }
        #expect(skews.count == 1, "\(observations.map { "\($0.event.author.name): \($0.event.text)" })")
    }
}
