/// When the console hands its unused pages back (see ``ResidentPages``): a second after start,
/// when start-up is over (the first frame is drawn within ~25 ms and the first poll shown within
/// ~50), so the one-off cost — reading `smaps`, then code faulting back in at the next poll —
/// stays out of the steady state; once more at ``settleDelay``, for what the first polls ran once
/// (reading the whole table before its rows repeat, recording the first findings); then again
/// each time the responder has stopped typing for a while, so code that keys ran (the help
/// screen, the note editor, an export) is not counted for the rest of a long session. A console
/// that only watches releases twice.
///
/// Plain values in, a decision out: the runtime asks on each clock tick and tells it of input.
struct PageReleasePolicy: Equatable {
    /// Seconds from start to the first release.
    let startDelay: Double
    /// Seconds from start to the second release, unless keys came after the first (none when it
    /// is not after ``startDelay``).
    let settleDelay: Double
    /// Seconds without input before the pages keys used are released.
    let idleDelay: Double
    /// When the console started (any monotonic clock in seconds).
    let start: Double
    private(set) var lastRelease: Double?
    private(set) var lastInput: Double?
    private(set) var settled = false

    init(start: Double, startDelay: Double = 1, settleDelay: Double = 2.2, idleDelay: Double = 30) {
        self.start = start
        self.startDelay = startDelay
        self.settleDelay = settleDelay
        self.idleDelay = idleDelay
    }

    /// The responder pressed a key at `time`.
    mutating func input(at time: Double) {
        lastInput = time
    }

    /// Whether to release now; a yes is remembered as the last release.
    mutating func shouldRelease(at time: Double) -> Bool {
        if let lastRelease {
            if !settled, settleDelay > startDelay, time - start >= settleDelay {
                // Keys since the first release: their own idle release will come.
                settled = true
                if lastInput.map({ $0 < lastRelease }) ?? true {
                    self.lastRelease = time
                    return true
                }
            }
            guard let lastInput, lastInput >= lastRelease, time - lastInput >= idleDelay else { return false }
        } else {
            guard time - start >= startDelay else { return false }
        }
        lastRelease = time
        return true
    }
}
