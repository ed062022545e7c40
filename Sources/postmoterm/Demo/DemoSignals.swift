import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGHUP during a headless demo: the handler runs (once per signal) so the
/// demo stops in order — load, HAProxy, backends — instead of dying with them running. The
/// children's lifeline would still stop HAProxy if this process died, but the temporary folder
/// would stay. (`@unchecked`: the sources are only touched at init and cancel; the signal number
/// is guarded by a lock.)
final class DemoSignals: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let state = NSLock()
    private var receivedSignal: Int32?  // guarded by `state`

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM, SIGHUP]) {
            source.setEventHandler { [self] in
                state.withLock { receivedSignal = receivedSignal ?? number }
                handler(number)
            }
            source.resume()
        }
    }

    /// The first signal received, if any.
    var received: Int32? { state.withLock { receivedSignal } }

    /// Stops listening and restores the default dispositions.
    func cancel() {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }
}
