import PostmotermCore

extension ConsoleState {
    /// The alert rows the pane lists: all, or those matching the pane's filter (alertname,
    /// labels or summary, case-insensitive).
    public var visibleAlerts: [AlertRow] {
        guard let filter = filters[.alerts]?.lowercased(), !filter.isEmpty else { return alertRows }
        return alertRows.filter { row in
            row.alert.name.lowercased().contains(filter) || (row.alert.summary?.lowercased().contains(filter) ?? false)
                || row.alert.labels.values.contains { $0.lowercased().contains(filter) }
        }
    }

    /// The alert under the cursor.
    public var selectedAlert: AlertRow? {
        let rows = visibleAlerts
        guard !rows.isEmpty else { return nil }
        return rows[min(max(0, alertsCursor), rows.count - 1)]
    }

    /// `o` and `S` on the alerts pane.
    mutating func handleAlertsKey(_ key: KeyPress) -> [ConsoleCommand] {
        switch key {
        case .character("o"), .enter:
            guard let row = selectedAlert else { return [] }
            return [.openRunbook(row.alert)]
        case .character("S"):
            guard writable("silence alerts") else { return [] }
            guard let row = selectedAlert else { return [] }
            if row.alert.status.isSilenced {
                say("\(TerminalSafe.escape(row.alert.name)) is already silenced.")
                return []
            }
            mode = .editing(LineEditor(suggestion: "1h "), .silence(source: row.source, fingerprint: row.alert.fingerprint, alertname: row.alert.name))
            return []
        default:
            return []
        }
    }

    /// The silence prompt's `DURATION COMMENT`: asks y/n, or says what is wrong.
    mutating func submitSilence(_ text: String, source: String, fingerprint: String) -> [ConsoleCommand] {
        guard let row = alertRows.first(where: { $0.source == source && $0.alert.fingerprint == fingerprint }) else {
            say("That alert is no longer in Alertmanager; not silenced.", error: true)
            return []
        }
        do {
            mode = .confirming(.silence(try SilenceOrder(source: source, alert: row.alert, text: text)))
        } catch {
            say("Not silenced: \(error.description)", error: true)
        }
        return []
    }
}
