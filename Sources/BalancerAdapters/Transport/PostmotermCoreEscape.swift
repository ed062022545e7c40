import PostmotermCore

/// The one escaping rule for text from balancers (``TerminalSafe``), under a name local to this module.
enum PostmotermCoreEscape {
    static func escape(_ text: String) -> String { TerminalSafe.escape(text) }
}
