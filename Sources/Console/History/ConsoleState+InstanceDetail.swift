/// Enter on an instance in the health pane opens its detail view (``ConsoleMode/instanceDetail``).
extension ConsoleState {
    mutating func openInstanceDetail() -> [ConsoleCommand] {
        guard let row = selectedHealthRow, row.kind == .server else {
            say("Select a server: its last hour is shown as charts.", error: true)
            return []
        }
        mode = .instanceDetail(source: row.source, pool: row.pool, instance: row.instance)
        return []
    }
}
