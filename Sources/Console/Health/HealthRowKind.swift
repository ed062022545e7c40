/// What a row of the health table stands for.
public enum HealthRowKind: Sendable, Hashable {
    /// A server behind a pool (HAProxy server, Envoy host): the rows actions apply to.
    case server
    /// A pool's own figures (HAProxy `BACKEND` row, Envoy cluster), after its servers.
    case backend
    /// A listening side (HAProxy `FRONTEND` row), after the pools.
    case frontend
}
