/// The pools of one `show stat` answer as its rows arrive, in the order their names first
/// appear: rows of one pool may be split by another's and still land in one pool.
///
/// The pool being added to has its instances taken out of ``pools`` meanwhile (``instances``),
/// so appending never goes through the outer array. A plain value the parser owns: no closure
/// captures its state, so no access to it is checked at run time.
struct HAProxyCSVPoolBuilder {
    private(set) var pools: [BalancerPool] = []
    private var poolIndex: [String: Int] = [:]
    private var hasAggregate: [Bool] = []
    /// The pool rows are being added to (-1 before the first).
    private var current = -1
    /// Its name.
    private(set) var currentName = ""
    /// Its instances, out of ``pools`` until another pool is selected or ``finish(line:)``.
    var instances: [BalancerInstance] = []
    let source: String

    init(source: String) {
        self.source = source
    }

    /// Makes `poolName` the pool rows are added to (a new one the first time it is seen).
    /// `room`: instances to make room for when this is the first pool (usually one big backend).
    @inline(__always)
    mutating func select(_ poolName: String, room: @autoclosure () -> Int) {
        guard current < 0 || poolName != currentName else { return }
        if current >= 0 { swap(&instances, &pools[current].instances) }
        if let known = poolIndex[poolName] {
            current = known
        } else {
            current = pools.count
            poolIndex[poolName] = current
            pools.append(BalancerPool(source: source, name: poolName, instances: []))
            hasAggregate.append(false)
        }
        currentName = poolName
        swap(&instances, &pools[current].instances)
        if pools.count == 1, instances.isEmpty { instances.reserveCapacity(room()) }
    }

    /// The current pool's own figures (its `BACKEND` row).
    mutating func setAggregate(counters: InstanceCounters, sessions: Int, queue: Int, detail: TrafficDetail) {
        hasAggregate[current] = true
        pools[current].counters = counters
        pools[current].detail = detail
        pools[current].sessions = sessions
        pools[current].queue = queue
    }

    /// The pools, with shares computed. Throws when the table has `BACKEND` rows but the last
    /// pool lacks its own: HAProxy ends every backend with it, so the answer was cut off at a
    /// line boundary (`line`: the last line read).
    mutating func finish(line: Int) throws(HAProxyCSVError) -> [BalancerPool] {
        if current >= 0 {
            swap(&instances, &pools[current].instances)
            current = -1
        }
        if hasAggregate.contains(true), let last = pools.indices.last, !hasAggregate[last] {
            throw .truncated(line: line, detail: "it ends before the BACKEND row of \(pools[last].name)")
        }
        for index in pools.indices { pools[index].computeShares() }
        return pools
    }
}
