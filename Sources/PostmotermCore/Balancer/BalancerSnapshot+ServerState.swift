extension BalancerSnapshot {
    /// Fills in what `show stat` left out from `show servers state`: addresses where the `addr`
    /// column is missing (older HAProxy), draining/maintenance from the admin state, and with
    /// `initialWeights` each instance's weight in the configuration file (`srv_iweight`, which
    /// `show stat` does not give): the first poll compares it with the weight in use.
    public mutating func merge(serverStates: [HAProxyServerState], initialWeights: Bool = false) {
        var byKey: [String: HAProxyServerState] = [:]
        for state in serverStates { byKey[state.pool + "/" + state.name] = state }
        for p in pools.indices {
            for i in pools[p].instances.indices {
                guard let state = byKey[pools[p].instances[i].qualifiedName] else { continue }
                if pools[p].instances[i].address == nil { pools[p].instances[i].address = state.address }
                if initialWeights { pools[p].instances[i].initialWeight = state.initialWeight }
                if state.inMaintenance { pools[p].instances[i].status = .maintenance }
                else if state.draining, pools[p].instances[i].status.isServing { pools[p].instances[i].status = .draining }
            }
            pools[p].computeShares()
        }
    }
}
