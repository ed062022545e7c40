import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few blocking TCP socket calls the demo's backends and load generator need, on loopback
/// only (`127.0.0.1`). Every read and write has a timeout, so a peer that stops answering can
/// hold a thread for at most that long.
public enum LoopbackSocket {
    /// A socket call that failed.
    struct Failure: Error, CustomStringConvertible {
        /// The call that failed (`bind`, `connect`, …).
        let call: String
        /// `errno` after the call.
        let code: Int32

        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// A listening socket on `127.0.0.1:port` (`port` 0 lets the kernel pick one).
    static func makeListener(port: UInt16, backlog: Int32 = 256) throws -> Int32 {
        let fd = try makeSocket()
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if bound != 0 {
            let code = errno
            close(fd)
            throw Failure(call: "bind 127.0.0.1:\(port)", code: code)
        }
        if listen(fd, backlog) != 0 {
            let code = errno
            close(fd)
            throw Failure(call: "listen", code: code)
        }
        return fd
    }

    /// The port a bound socket listens on.
    static func boundPort(_ fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A connected socket to `127.0.0.1:port`, with `timeout` seconds for every later read and write.
    static func makeConnection(port: UInt16, timeout: Double) throws -> Int32 {
        let fd = try makeSocket()
        setTimeouts(fd, seconds: timeout)
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 {
            let code = errno
            close(fd)
            throw Failure(call: "connect 127.0.0.1:\(port)", code: code)
        }
        return fd
    }

    /// Accepts connections on `listener` while `keepAccepting()` holds (checked every 50 ms),
    /// each served by `serve` on a thread of its own; `admit` registers a new one, and false
    /// (the server is stopping) closes it and ends the loop. Closes `listener` at the end.
    static func acceptConnections(
        on listener: Int32, while keepAccepting: () -> Bool, admit: (Int32) -> Bool,
        serve: @escaping @Sendable (Int32) -> Void
    ) {
        defer { close(listener) }
        while keepAccepting() {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            guard admit(fd) else { close(fd); break }
            Thread.detachNewThread { serve(fd) }
        }
    }

    /// Sets the receive and send timeouts of `fd`.
    static func setTimeouts(_ fd: Int32, seconds: Double) {
        var value = timeval(
            tv_sec: Int(seconds),
            tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000)
        )
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, size)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, size)
    }

    /// Makes `close` reset the connection at once (RST), as a crashing process does.
    static func setAbortOnClose(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Writes all of `bytes`; false when the peer went away or the write timed out.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Reads until `terminator` has been seen (included in the result), the peer closes, `limit`
    /// bytes have arrived, or a read times out. `nil` when nothing arrived at all.
    static func read(_ fd: Int32, until terminator: [UInt8]? = nil, limit: Int) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while data.count < limit {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, limit - data.count), 0) }
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
                if let terminator, data.count >= terminator.count, contains(data, terminator) { break }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return data.isEmpty ? nil : data
    }

    private static func contains(_ data: [UInt8], _ needle: [UInt8]) -> Bool {
        guard data.count >= needle.count else { return false }
        // The terminator arrives at the end of a request head; look at the tail first.
        let start = max(0, data.count - 4096 - needle.count)
        var index = start
        while index + needle.count <= data.count {
            if data[index] == needle[0] && Array(data[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }

    private static func makeSocket() throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        if fd < 0 { throw Failure(call: "socket", code: errno) }
        return fd
    }

    private static func loopbackAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
