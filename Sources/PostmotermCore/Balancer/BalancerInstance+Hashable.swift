extension BalancerInstance: Hashable {
    /// Every property, as a synthesized `==` would compare them (a shared profile is equal at once).
    public static func == (lhs: BalancerInstance, rhs: BalancerInstance) -> Bool {
        lhs.share == rhs.share && lhs.sessions == rhs.sessions && lhs.queue == rhs.queue && lhs.counters == rhs.counters
            && lhs.rates == rhs.rates && lhs.responseTimeMs == rhs.responseTimeMs && lhs.totalTimeMs == rhs.totalTimeMs
            && lhs.breaker == rhs.breaker && lhs.secondsSinceChange == rhs.secondsSinceChange
            && lhs.detail == rhs.detail
            && lhs.profile.same(as: rhs.profile)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(profile.fields)
        hasher.combine(share)
        hasher.combine(sessions)
        hasher.combine(queue)
        hasher.combine(counters)
        hasher.combine(rates)
        hasher.combine(responseTimeMs)
        hasher.combine(totalTimeMs)
        hasher.combine(breaker)
        hasher.combine(secondsSinceChange)
        hasher.combine(detail)
    }
}
