import ArgumentParser
import Foundation
import PostmotermCore

/// `--team URL` and `--team-password-file FILE`: the team store (issue 15), on every command
/// that touches an incident.
struct TeamOptions: ParsableArguments {
    @Option(
        name: .customLong("team"),
        help: ArgumentHelp(
            "Share incidents through this team store, e.g. postgres://USER@HOST:PORT/DB (default: $POSTMOTERM_TEAM_URL, else `team:` in $XDG_CONFIG_HOME/postmoterm/config.yaml). The password comes from $PGPASSWORD, ~/.pgpass or --team-password-file, never the URL.",
            valueName: "url"))
    var team: String?

    @Option(
        name: .customLong("team-password-file"),
        help: ArgumentHelp("File whose first line is the team store's password.", valueName: "file"))
    var teamPasswordFile: String?

    /// The team store configured for this command, if any (see `TeamSetting`).
    var connection: TeamConnection? {
        ConfigFileSettings.current.team(flag: team, environment: ProcessInfo.processInfo.environment)
            .map { TeamConnection(url: $0, passwordFile: teamPasswordFile) }
    }
}
