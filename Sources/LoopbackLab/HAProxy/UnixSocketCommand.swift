import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends one command to an HAProxy runtime API unix socket and reads the answer (blocking, with a
/// timeout on every read and write). LoopbackLab's own small client, so the lab does not depend
/// on the adapters it is used to test.
enum UnixSocketCommand {
    /// Why the command could not be sent.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    static func send(_ command: String, to path: String, timeout: Double = 2) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        defer { close(fd) }
        LoopbackSocket.setTimeouts(fd, seconds: timeout)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw Failure(call: "connect \(path)", code: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(call: "connect \(path)", code: errno) }
        guard LoopbackSocket.writeAll(fd, Array((command + "\n").utf8)) else { throw Failure(call: "send", code: errno) }
        let answer = LoopbackSocket.read(fd, limit: 64 * 1024 * 1024) ?? []
        return String(decoding: answer, as: UTF8.self)
    }
}
