import Foundation

/// Which team store to use, when any: `--team URL`, else `$POSTMOTERM_TEAM_URL`, else a `team:`
/// line in `$XDG_CONFIG_HOME/postmoterm/config.yaml` (`~/.config/postmoterm/config.yaml`).
/// Blank values count as unset; nil means local-only. The commands read the file with the one
/// config reader (``PostmotermConfiguration``, `ConfigurationFile`) and its precedence
/// (``PostmotermConfiguration/team(flag:environment:)``); this stays for callers holding only
/// the file's text.
public enum TeamSetting {
    /// The config file's path for `environment` (nil without `$XDG_CONFIG_HOME` or `$HOME`).
    public static func configPath(environment: [String: String]) -> String? {
        PostmotermConfiguration.path(environment: environment)
    }

    /// The URL to use: `explicit`, `$POSTMOTERM_TEAM_URL`, then the config file's `team:`
    /// (`configText`, the file's contents when it exists).
    public static func resolve(explicit: String?, environment: [String: String], configText: String?) -> String? {
        PostmotermConfiguration(team: configText.flatMap(teamLine)).team(flag: explicit, environment: environment)
    }

    /// The value of a top-level `team:` key of a small YAML file (quotes removed, a trailing
    /// ` # comment` dropped).
    static func teamLine(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("team:") {
            var value = line.dropFirst("team:".count).trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            value = value.trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
