import Testing

@testable import PostmotermCore

/// Where team mode's URL comes from (issue 15): flag, then environment, then the config file.
@Suite struct TeamSettingTests {
    @Test func theFlagWinsThenTheEnvironmentThenTheConfigFile() {
        let config = "# postmoterm\nteam: \"postgres://alice@db/incidents\"  # the team's store\n"
        let environment = ["POSTMOTERM_TEAM_URL": "postgres://env@db/x"]
        #expect(TeamSetting.resolve(explicit: "postgres://flag@db/x", environment: environment, configText: config) == "postgres://flag@db/x")
        #expect(TeamSetting.resolve(explicit: nil, environment: environment, configText: config) == "postgres://env@db/x")
        #expect(TeamSetting.resolve(explicit: " ", environment: [:], configText: config) == "postgres://alice@db/incidents")
        #expect(TeamSetting.resolve(explicit: nil, environment: [:], configText: "teams: no\n") == nil)
    }

    @Test func theConfigFileFollowsXDG() {
        #expect(TeamSetting.configPath(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/postmoterm/config.yaml")
        #expect(TeamSetting.configPath(environment: ["HOME": "/h"]) == "/h/.config/postmoterm/config.yaml")
    }

    @Test func backoffDoublesUpToThirtySeconds() {
        #expect((0...8).map { TeamShipper.backoffSeconds(failures: $0) } == [0, 0.5, 1, 2, 4, 8, 16, 30, 30])
    }
}
