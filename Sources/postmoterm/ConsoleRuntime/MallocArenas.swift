import CGlibcMalloc

/// How many heaps ("arenas") glibc's malloc keeps for the console's threads.
///
/// glibc gives every thread that allocates an arena of its own (up to 8 per core), and memory
/// freed in one arena serves only the threads of that arena. The console runs a dozen threads
/// that each allocate a little now and then (the poll thread, Swift's cooperative pool, the store
/// queue, the clock, the key and store watchers), so each kept an arena: measured with
/// `malloc_info` at 1,003 servers after 4 minutes of traffic, 8 arenas held 5.4 MB of which
/// 1.9 MB was free — three of them (132 KiB each) almost wholly free, the poll thread's 2.2 MB
/// with 0.7 MB of holes — and the 1-hour soak grew from 6.2 to 8.4 MB as those holes spread.
/// One arena lets every thread reuse what any other freed.
///
/// The console's threads never allocate on all cores at once for long (a poll, then a frame),
/// so they do not wait on each other's malloc (see README, Benchmarks). Called by `main` for the
/// console commands (`open`, `demo`) as soon as the command line is parsed: a thread that has
/// allocated keeps the arena it got, so this must come before any other thread allocates (set
/// in the command itself, Swift's cooperative thread running it already had one of its own).
enum MallocArenas {
    static func shareOne() {
        _ = postmoterm_bound_malloc_arenas(1)
    }
}
