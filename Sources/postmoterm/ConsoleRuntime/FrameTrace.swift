import Foundation

/// Diagnostics for `postmoterm-bench console`: with `POSTMOTERM_CONSOLE_TRACE=FILE` the runtime
/// appends one line per moment that matters, stamped with CLOCK_MONOTONIC (shared by all
/// processes): `start`, `input` (keys read), `poll` (a balancer update handled), and
/// `frame CELLS` after each draw (0 cells: nothing was written to the terminal).
///
/// Each line is one `write(2)` on a descriptor opened once (emptied, `O_APPEND`): the benchmark measures
/// the console with the trace on, so it must cost next to nothing (`FileHandle` + `Data` was a
/// visible part of the CPU per refresh).
final class FrameTrace: Sendable {
    /// The trace file, or -1 when tracing is off.
    private let descriptor: Int32

    init(environment: [String: String]) {
        if let path = environment["POSTMOTERM_CONSOLE_TRACE"], !path.isEmpty {
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        } else {
            descriptor = -1
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    var isEnabled: Bool { descriptor >= 0 }

    func record(_ what: String) {
        guard descriptor >= 0 else { return }
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        let nanoseconds = Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
        var line = "\(nanoseconds) \(what)\n"
        line.withUTF8 { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
    }
}
