import Foundation

/// Who "I" am in the timeline when nobody said: the one rule the command line, the console and
/// the demo share.
///
/// In order: the name given (`--as`), `$POSTMOTERM_AUTHOR`, `$USER`, `$LOGNAME`, the account's
/// name from the user database, else `responder`. Blank values are skipped.
public enum ResponderName {
    /// The name used when nothing else names the responder.
    public static let fallback = "responder"

    /// The responder's name from `explicit`, the environment and `accountName` (the login name
    /// of the process's user, looked up by the caller).
    public static func resolve(explicit: String?, environment: [String: String], accountName: String?) -> String {
        let candidates = [explicit, environment["POSTMOTERM_AUTHOR"], environment["USER"], environment["LOGNAME"], accountName]
        for candidate in candidates {
            if let name = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty { return name }
        }
        return fallback
    }
}
