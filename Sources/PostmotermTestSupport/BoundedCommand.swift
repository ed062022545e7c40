import Foundation
import LoopbackLab

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a short-lived program to its end, with a deadline: posix_spawn, a pidfd wait
/// (``ProcessExit``), output through files in a folder of the caller's.
///
/// Not Foundation's `Process`: on Linux it notices a child's exit through a socket the child
/// inherits (swift-corelibs-foundation #4795), so a daemon the child leaves behind, or any
/// program spawned meanwhile that inherits it, holds `waitUntilExit` for ever.
struct BoundedCommand {
    /// A program that could not be run, failed or did not finish.
    enum Failure: Error, CustomStringConvertible {
        /// posix_spawn refused (its error code).
        case cannotStart(String, code: Int32)
        /// It ended with a non-zero status or by a signal: its name, the status (128 + signal
        /// when killed) and what it printed.
        case failed(String, status: Int32, output: String)
        /// It did not finish in time (then it was killed).
        case timedOut(String, seconds: Double)

        var description: String {
            switch self {
            case .cannotStart(let name, let code): "cannot start \(name): \(String(cString: strerror(code)))"
            case .failed(let name, let status, let output): "\(name) failed (exit \(status)): \(output)"
            case .timedOut(let name, let seconds): "\(name) did not finish within \(Int(seconds)) s"
            }
        }
    }

    /// The program's path.
    var executable: String
    var arguments: [String]
    /// Added to (or replacing in) this process's environment.
    var environment: [String: String] = [:]
    /// Run as this user (uid, gid) through `setpriv` (which `exec`s: no process stays behind);
    /// nil: as this process's user.
    var user: (uid: uid_t, gid: gid_t)?
    /// Where its output files go (removed afterwards); they are given to `user`.
    var scratchDirectory: String
    var timeout: Double

    /// Runs it in `/` with standard input from `/dev/null`; its standard output. Throws
    /// ``Failure`` with what it printed on standard error when it fails.
    @discardableResult
    func run() throws -> String {
        let name = (executable as NSString).lastPathComponent
        let outputPath = scratchDirectory + "/cmd-\(UUID().uuidString.prefix(8)).out"
        let errorPath = outputPath + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        for path in [outputPath, errorPath] {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
            if let user { chown(path, user.uid, user.gid) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_APPEND, 0)
        SpawnFileActions.changeDirectory("/", &actions)
        // Nothing of this process beyond 0–2 reaches the program (another thread's pipes and
        // sockets are not close-on-exec everywhere).
        SpawnFileActions.closeFrom(3, &actions)

        // A clean signal mask and default handlers: the calling thread may block or ignore some.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let program: String
        let argv: [String]
        if let user {
            program = Self.setpriv
            argv = [Self.setpriv] + Self.setprivArguments(user) + [executable] + arguments
        } else {
            program = executable
            argv = [executable] + arguments
        }
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let cEnvironment: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else { throw Failure.cannotStart(name, code: spawned) }
        guard ProcessExit.wait(for: [pid], until: Deadline(seconds: timeout)) else {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            _ = waitpid(pid, &ignored, 0)
            throw Failure.timedOut(name, seconds: timeout)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard exitStatus == 0 else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure.failed(name, status: exitStatus, output: errors + output)
        }
        return output
    }

    /// util-linux's `setpriv`: changes user and `exec`s the program in the same process (unlike
    /// `runuser`/`su`, which fork and wait, leaving a parent between the caller and the program).
    static let setpriv = "/usr/bin/setpriv"

    /// `setpriv`'s arguments to become `user` (real and effective ids, its supplementary groups).
    static func setprivArguments(_ user: (uid: uid_t, gid: gid_t)) -> [String] {
        ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--init-groups", "--"]
    }
}
