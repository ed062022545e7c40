import Foundation

/// Diagnostics for `postmoterm-bench console`: with `POSTMOTERM_CONSOLE_TRACE=FILE` the runtime
/// appends one line per moment that matters, stamped with CLOCK_MONOTONIC (shared by all
/// processes): `start`, `input` (keys read), `poll` (a balancer update handled), and
/// `frame CELLS` after each draw (0 cells: nothing was written to the terminal).
final class FrameTrace: Sendable {
    private let handle: FileHandle?

    init(environment: [String: String]) {
        if let path = environment["POSTMOTERM_CONSOLE_TRACE"], !path.isEmpty {
            FileManager.default.createFile(atPath: path, contents: nil)
            handle = FileHandle(forWritingAtPath: path)
            handle?.seekToEndOfFile()
        } else {
            handle = nil
        }
    }

    var isEnabled: Bool { handle != nil }

    func record(_ what: String) {
        guard let handle else { return }
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        let nanoseconds = Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
        handle.write(Data("\(nanoseconds) \(what)\n".utf8))
    }
}
