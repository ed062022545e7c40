#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the poll path's memory in the process between polls.
///
/// Each poll allocates and frees a few hundred KiB at once (the `show stat` answer, a snapshot
/// of 1,000 instances). With glibc's default thresholds those blocks are fresh `mmap`s, or heap
/// that is trimmed back to the kernel right after, so every poll page-faults them in again:
/// measured ≈ 0.2 ms CPU a poll at 1,000 servers (`postmoterm-bench poll`: parse + detect
/// 1.05–1.19 ms with the defaults, 0.84–0.87 ms with these settings). Blocks up to 4 MiB now
/// come from the heap, and the heap keeps up to 32 MiB of free space instead of 128 KiB —
/// memory the next poll uses again.
///
/// Executables call ``keepPollMemory()`` once at start, and the console ``shareOneArena()``
/// once its playbook is loaded; `mallopt` is found at run time, so another C library simply
/// keeps its own behaviour.
public enum AllocatorTuning {
    /// `M_TRIM_THRESHOLD`, `M_TOP_PAD`, `M_MMAP_THRESHOLD` and `M_ARENA_MAX` from glibc's `malloc.h`.
    private static let trimThreshold: Int32 = -1
    private static let topPad: Int32 = -2
    private static let mmapThreshold: Int32 = -3
    /// `M_ARENA_MAX`.
    private static let arenaMax: Int32 = -8

    public static func keepPollMemory() {
        set(mmapThreshold, 4 << 20)
        set(trimThreshold, 32 << 20)
        set(topPad, 1 << 20)
    }

    /// From now on, threads that allocate share the arenas that exist instead of each getting
    /// its own. glibc gives every thread that allocates a heap of its own, and the console's few
    /// threads (the poll threads, Swift's cooperative pool, the store watcher) each kept one of
    /// 1–2.5 MB: measured 7.1 → 5.8 MB anonymous memory in the console at 1,003 servers; they
    /// allocate little at once, so sharing costs no measurable time. Not for work that
    /// allocates on all cores at once: a 10,000-step playbook parses in 47 ms instead of 41 with
    /// one arena, so the console calls this after loading its playbook.
    public static func shareOneArena() {
        set(arenaMax, 1)
    }

    /// `mallopt(parameter, value)` where the C library has it.
    private static func set(_ parameter: Int32, _ value: Int32) {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(nil, "mallopt") else { return }
            _ = unsafeBitCast(symbol, to: Mallopt.self)(parameter, value)
        #endif
    }
}
