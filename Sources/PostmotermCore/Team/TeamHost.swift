import Foundation

/// The label a host puts on the events it writes (``SharedEvent/originHost``): for people only
/// ("from bastion-2"), never used to identify anything.
public enum TeamHost {
    /// `$POSTMOTERM_HOST` when set (several "hosts" on one machine, containers), else the host name.
    public static func label(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given = environment["POSTMOTERM_HOST"]?.trimmingCharacters(in: .whitespaces), !given.isEmpty {
            return given
        }
        return ProcessInfo.processInfo.hostName
    }
}
