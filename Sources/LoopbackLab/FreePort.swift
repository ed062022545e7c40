#if canImport(Glibc)
import Glibc
#endif

/// Picks free TCP ports on 127.0.0.1 by binding port 0 and reading what the kernel gave.
///
/// The port is released before it is returned, so another process could take it in between; on
/// loopback in a test run that is rare, and a bind failure then says which port.
public enum FreePort {
    /// A port that was free a moment ago.
    public static func allocate() throws -> UInt16 {
        let fd = try LoopbackSocket.makeListener(port: 0, backlog: 1)
        defer { close(fd) }
        return LoopbackSocket.boundPort(fd)
    }

    /// `count` distinct free ports (all held open until every one is known, so they differ).
    public static func allocate(count: Int) throws -> [UInt16] {
        var fds: [Int32] = []
        defer { fds.forEach { close($0) } }
        for _ in 0..<count { fds.append(try LoopbackSocket.makeListener(port: 0, backlog: 1)) }
        return fds.map(LoopbackSocket.boundPort)
    }
}
