/// Every key of the console with what it does: the `?` screen and the hint line read from here,
/// so the two cannot disagree.
public enum KeyGuide {
    public struct Entry: Sendable, Hashable {
        public var keys: String
        public var action: String
        /// Short form for the hint line; nil keeps it off the hint line.
        public var hint: String?
    }

    public static let global: [Entry] = [
        Entry(keys: "↑↓ j k", action: "move", hint: nil),
        Entry(keys: "PgUp PgDn", action: "page up / down", hint: nil),
        Entry(keys: "g G Home End", action: "first / last", hint: nil),
        Entry(keys: "Tab S-Tab", action: "next / previous pane", hint: "pane"),
        Entry(keys: "n", action: "write a note", hint: "note"),
        Entry(keys: "r", action: "take / assign / release a role", hint: "role"),
        Entry(keys: "R", action: "mitigated → resolved", hint: nil),
        Entry(keys: "e", action: "export the postmortem draft", hint: "export"),
        Entry(keys: "/", action: "filter this pane (Esc clears)", hint: "filter"),
        Entry(keys: "? F1", action: "this help", hint: "help"),
        Entry(keys: "Ctrl-L", action: "redraw the screen", hint: nil),
        Entry(keys: "q y", action: "quit (y confirms)", hint: "quit"),
    ]

    public static let playbook: [Entry] = [
        Entry(keys: "Space Enter", action: "step done / reopen", hint: "done"),
        Entry(keys: "s", action: "skip step (asks why)", hint: "skip"),
        Entry(keys: "m", action: "only my role's steps", hint: "mine"),
    ]

    public static let health: [Entry] = [
        Entry(keys: "d", action: "drain instance", hint: "drain"),
        Entry(keys: "a", action: "ready (back in service)", hint: "ready"),
        Entry(keys: "M", action: "maintenance", hint: "maint"),
        Entry(keys: "w", action: "set weight", hint: "weight"),
        Entry(keys: "W", action: "back to initial weight", hint: nil),
        Entry(keys: "Space", action: "fold / unfold the pool to its BACKEND row", hint: nil),
        Entry(keys: "c", action: "choose the columns", hint: nil),
        Entry(keys: ":", action: "HAProxy runtime command line", hint: "cmd"),
        Entry(keys: "Enter", action: "the instance's last hour as charts", hint: nil),
    ]

    public static let timeline: [Entry] = [
        Entry(keys: "*", action: "star / unstar event", hint: "star"),
        Entry(keys: "h", action: "hide / unhide event", hint: "hide"),
        Entry(keys: "E", action: "edit event text (t) or time (m)", hint: "edit"),
        Entry(keys: "Enter", action: "the whole event: author, times, amendments", hint: "detail"),
    ]

    public static let alerts: [Entry] = [
        Entry(keys: "o", action: "the alert's playbook (say where)", hint: "playbook"),
        Entry(keys: "S", action: "silence the alert (duration, comment, y/n)", hint: "silence"),
    ]

    public static let editor: [Entry] = [
        Entry(keys: "Enter", action: "save", hint: "save"),
        Entry(keys: "Esc", action: "cancel", hint: "cancel"),
        Entry(keys: "← → Home End", action: "move in the line", hint: "move"),
        Entry(keys: "Backspace Del", action: "delete", hint: nil),
        Entry(keys: "Ctrl-U Ctrl-W", action: "clear line / word", hint: "clear"),
    ]

    /// Entries of a pane.
    public static func entries(for pane: Pane) -> [Entry] {
        switch pane {
        case .playbook: playbook
        case .health: health
        case .timeline: timeline
        case .alerts: alerts
        }
    }

    /// The pane, other than `focused`, where the printable `key` does something, with the entry
    /// saying what: so a key pressed in the wrong pane can say where it works instead of doing
    /// nothing. Nil when the key is the focused pane's, or no pane's.
    public static func pane(for key: Character, otherThan focused: Pane) -> (pane: Pane, entry: Entry)? {
        func matches(_ entry: Entry) -> Bool {
            entry.keys.split(separator: " ").contains { token in
                token == "Space" ? key == " " : token.count == 1 && token.first == key
            }
        }
        guard !entries(for: focused).contains(where: matches) else { return nil }
        for pane in Pane.allCases where pane != focused {
            if let entry = entries(for: pane).first(where: matches) { return (pane, entry) }
        }
        return nil
    }

    /// Sections of the help screen, in order.
    public static let sections: [(title: String, entries: [Entry])] = [
        ("Everywhere", global), ("Playbook", playbook), ("Health", health), ("Timeline", timeline),
        ("Alerts", alerts), ("Line editor", editor),
    ]
}
