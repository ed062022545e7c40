import PostgresNIO

extension PostgresConnection {
    /// Starts closing the connection without waiting, and keeps it alive until it is closed:
    /// PostgresNIO asserts (traps in a debug build) when a connection is deinitialized before
    /// its close completed, which dropping the last reference right after `close()` does.
    func closeInBackground() {
        close().whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
