extension BalancerAddress {
    /// The address as an incident records it, so a later `open --incident` reconnects: the
    /// spelling ``parse(_:)`` reads back, with no credentials at all (not even masked ones —
    /// they come from `--auth-file` or the environment again when the incident is reopened).
    public var recorded: String {
        BalancerAddress(endpoint: endpoint).display
    }
}
