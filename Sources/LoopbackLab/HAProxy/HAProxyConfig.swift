/// A small HAProxy configuration for loopback labs, rendered by ``render(socketPath:)``.
///
/// What it always has: a global stats socket at `level admin` (the runtime API), HTTP mode, short
/// timeouts, one thread. Optional: a runtime API on TCP, a stats page with basic auth that also
/// answers `;csv`, HAProxy's own Prometheus exporter, and a frontend per pool.
public struct HAProxyConfig: Sendable, Hashable {
    /// One `server` line.
    public struct Server: Sendable, Hashable {
        public var name: String
        public var host: String
        public var port: UInt16
        public var weight: Int
        /// Health-check the server (`check`).
        public var check: Bool
        /// `observe layer7 error-limit N on-error mark-down` — the breaker: N consecutive bad
        /// responses (5xx other than 501/505) mark the server down.
        public var observeErrorLimit: Int?
        /// `slowstart` in seconds: the weight ramps up over this time after the server comes back.
        public var slowStart: Double?
        /// Start in maintenance (`disabled`).
        public var disabled: Bool

        public init(name: String, host: String = "127.0.0.1", port: UInt16, weight: Int = 1, check: Bool = true,
                    observeErrorLimit: Int? = nil, slowStart: Double? = nil, disabled: Bool = false) {
            self.name = name
            self.host = host
            self.port = port
            self.weight = weight
            self.check = check
            self.observeErrorLimit = observeErrorLimit
            self.slowStart = slowStart
            self.disabled = disabled
        }
    }

    /// One `backend` (and its `frontend` when `frontendPort` is set).
    public struct Pool: Sendable, Hashable {
        public var name: String
        public var servers: [Server]
        public var balance: String
        /// `inter` of the health checks, in seconds (tests use 0.2).
        public var checkInterval: Double
        public var rise: Int
        public var fall: Int
        /// `option httpchk GET PATH` when set; plain TCP checks otherwise.
        public var httpCheckPath: String?
        /// A frontend on 127.0.0.1:PORT that sends everything to this pool.
        public var frontendPort: UInt16?
        /// `retries N` (HAProxy's default is 3, a second apart after a refused connection).
        public var retries: Int?

        public init(name: String, servers: [Server], balance: String = "roundrobin", checkInterval: Double = 0.2,
                    rise: Int = 2, fall: Int = 2, httpCheckPath: String? = "/health", frontendPort: UInt16? = nil,
                    retries: Int? = nil) {
            self.name = name
            self.servers = servers
            self.balance = balance
            self.checkInterval = checkInterval
            self.rise = rise
            self.fall = fall
            self.httpCheckPath = httpCheckPath
            self.frontendPort = frontendPort
            self.retries = retries
        }
    }

    /// The stats page: `http://127.0.0.1:PORT/PATH` (append `;csv` for CSV), basic auth.
    public struct StatsPage: Sendable, Hashable {
        public var port: UInt16
        public var path: String
        public var user: String
        public var password: String

        public init(port: UInt16, path: String = "/stats", user: String = "ops", password: String = "lab-password") {
            self.port = port
            self.path = path
            self.user = user
            self.password = password
        }
    }

    public var pools: [Pool]
    public var statsPage: StatsPage?
    /// A second runtime API socket on 127.0.0.1:PORT (`haproxy+tcp://`).
    public var runtimeTCPPort: UInt16?
    /// `maxconn` of the process.
    public var maxConnections: Int
    /// HAProxy's built-in Prometheus exporter (2.4+, `USE_PROMEX`) on
    /// `http://127.0.0.1:PORT/metrics`: the metrics `alerting/rules.yml` is written against.
    public var prometheusExporterPort: UInt16?

    public init(pools: [Pool], statsPage: StatsPage? = nil, runtimeTCPPort: UInt16? = nil, maxConnections: Int = 4096,
                prometheusExporterPort: UInt16? = nil) {
        self.pools = pools
        self.statsPage = statsPage
        self.runtimeTCPPort = runtimeTCPPort
        self.maxConnections = maxConnections
        self.prometheusExporterPort = prometheusExporterPort
    }

    /// The configuration file text, with the admin socket at `socketPath`.
    public func render(socketPath: String) -> String {
        var lines: [String] = [
            "global",
            "    stats socket \(socketPath) mode 600 level admin",
        ]
        if let runtimeTCPPort { lines.append("    stats socket ipv4@127.0.0.1:\(runtimeTCPPort) level admin") }
        lines += [
            "    maxconn \(maxConnections)",
            "    nbthread 1",
            "",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "    timeout check 1s",
            "",
        ]
        if let statsPage {
            lines += [
                "listen stats",
                "    bind 127.0.0.1:\(statsPage.port)",
                "    stats enable",
                "    stats uri \(statsPage.path)",
                "    stats auth \(statsPage.user):\(statsPage.password)",
                "",
            ]
        }
        if let prometheusExporterPort {
            lines += [
                "frontend prometheus",
                "    bind 127.0.0.1:\(prometheusExporterPort)",
                "    http-request use-service prometheus-exporter if { path /metrics }",
                "    no log",
                "",
            ]
        }
        for pool in pools {
            if let port = pool.frontendPort {
                lines += ["frontend fe_\(pool.name)", "    bind 127.0.0.1:\(port)", "    default_backend \(pool.name)", ""]
            }
            lines.append("backend \(pool.name)")
            lines.append("    balance \(pool.balance)")
            if let retries = pool.retries { lines.append("    retries \(retries)") }
            if let path = pool.httpCheckPath { lines.append("    option httpchk GET \(path)") }
            let inter = max(1, Int((pool.checkInterval * 1000).rounded()))
            lines.append("    default-server inter \(inter)ms fastinter \(inter)ms downinter \(inter)ms rise \(pool.rise) fall \(pool.fall)")
            for server in pool.servers {
                var line = "    server \(server.name) \(server.host):\(server.port) weight \(server.weight)"
                if server.check { line += " check" }
                if let limit = server.observeErrorLimit { line += " observe layer7 error-limit \(limit) on-error mark-down" }
                if let slowStart = server.slowStart { line += " slowstart \(max(1, Int((slowStart * 1000).rounded())))ms" }
                if server.disabled { line += " disabled" }
                lines.append(line)
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// The benchmark configuration: one pool `bench` with `servers` servers (default 1,000) that have
    /// no real backend behind them and no health checks (`no check`), weights cycling 1…4, every
    /// 50th in maintenance — a big table for HAProxy to print and postmoterm to read. With
    /// `frontendPort`, each request sent there makes HAProxy try one server (`retries 0`), which
    /// refuses it: a 503 at once, and that server's counters move — traffic without backends.
    public static func benchmark(servers count: Int = 1000, frontendPort: UInt16? = nil) -> HAProxyConfig {
        let servers = (0..<count).map { index in
            Server(name: "srv\(index + 1)", port: 9, weight: 1 + index % 4, check: false, disabled: index % 50 == 49)
        }
        // maxconn 1,024: the benchmark's traffic needs a few connections, and HAProxy sizes its
        // file descriptors from maxconn and the servers (10,003 servers at 4,096 ask for more than
        // a usual 20,000-descriptor limit).
        return HAProxyConfig(pools: [Pool(name: "bench", servers: servers, httpCheckPath: nil, frontendPort: frontendPort,
                                                retries: frontendPort == nil ? nil : 0)],
                             maxConnections: 1024)
    }
}
