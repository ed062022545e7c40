#if canImport(Glibc)
import Glibc
#endif

/// Blocks `SIGPIPE` on the calling thread while OpenSSL writes to a socket (it uses `write()`,
/// which has no `MSG_NOSIGNAL`), and on ``restore()`` discards a `SIGPIPE` raised meanwhile and
/// puts the old mask back. A peer that hangs up then costs an `EPIPE`, not the process.
struct SignalPipeGuard {
    private var previous = sigset_t()

    init() {
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &previous)
    }

    func restore() {
        var pending = sigset_t()
        sigemptyset(&pending)
        if sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1 {
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, SIGPIPE)
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&only, nil, &zero)
        }
        var old = previous
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }
}
