#if canImport(Glibc)
    import Glibc
#endif

/// Hands the page cache back the clean code pages the console is not using.
///
/// RSS counts every page of the executable and its libraries that is mapped into the process.
/// A kernel maps more than the page a fault asks for (fault-around, and whole page-cache folios
/// of up to 1 MiB on 6.18), so code that ran once — argument parsing, the playbook parser, the
/// log's schema migration, curses set-up, the dynamic linker's symbol lookups, and later the
/// help screen or an export — stays counted for the whole session: ≈ 24 MB of a 31 MB console at
/// 1,003 servers. ``releaseUnusedPages()`` drops those mappings (when: ``PageReleasePolicy``),
/// and what is counted from then on is what the session touches again.
///
/// Only pages that are byte-for-byte the file's are released, so nothing can change: read-only,
/// file-backed mappings of the executable and of shared libraries, and only when the mapping has
/// no private (copied-on-write) page — not RELRO data the loader wrote, not code a debugger
/// patched — plus the executable's `.rodata`, page by page. The pages stay in the page cache;
/// touching one again maps it again (a minor fault, no disk read). Writable and anonymous memory
/// is never touched, and libraries are never unloaded here, so a range read from `smaps` cannot
/// be reused by another mapping before `madvise` runs.
enum ResidentPages {
    /// One mapping of `/proc/self/smaps`, with the sizes this type decides on.
    struct Mapping: Equatable {
        var start: UInt
        var end: UInt
        var permissions: String
        var inode: UInt64
        var path: String
        var residentKiB = 0
        /// Pages of this mapping that are the process's own copy (`Anonymous:`).
        var anonymousKiB = 0

        /// Whether every resident page is the file's, unmodified, so dropping it loses nothing.
        var isCleanReadOnlyFile: Bool {
            permissions.utf8.first == UInt8(ascii: "r") && !permissions.utf8.contains(UInt8(ascii: "w")) && inode != 0
                && path.utf8.first == UInt8(ascii: "/") && anonymousKiB == 0
        }
    }

    /// What one release did.
    struct Release: Equatable {
        var mappings = 0
        var releasedKiB = 0
    }

    /// Releases the clean pages of this executable and of the shared libraries it loaded, and
    /// the heap's free space (`malloc_trim`: parsing the playbook and reading the log peak higher
    /// than a poll does; the allocator otherwise keeps up to 32 MiB free, see `AllocatorTuning`).
    @discardableResult
    static func releaseUnusedPages() -> Release {
        // Everything that needs the dynamic linker's symbol tables or the ELF file runs first:
        // looking a symbol up after the release would map those pages straight back.
        let executable = executablePath()
        let constants = ExecutableImage.pagesInside(section: ".rodata")
        trimHeap()
        var result = release { path in path == executable || isSharedLibrary(path) }
        if let constants {
            result.releasedKiB += releaseFilePages(in: constants)
        }
        return result
    }

    /// Drops the pages in `range` that are mapped and still the file's (not a private copy),
    /// page by page as `/proc/self/pagemap` reports them; returns KiB released. For ranges that
    /// nothing writes (constants); the check only guards against a page a debugger patched.
    static func releaseFilePages(in range: Range<UInt>) -> Int {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let descriptor = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        let count = Int((range.upperBound - range.lowerBound) / page)
        var entries = [UInt64](repeating: 0, count: count)
        let expected = count * 8
        let got = entries.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, expected, off_t(range.lowerBound / page * 8)) }
        guard got == expected else { return 0 }
        /// Bit 63: present; bit 61: a file page (or shared), not the process's own copy.
        func isFilePage(_ entry: UInt64) -> Bool { entry >> 63 & 1 == 1 && entry >> 61 & 1 == 1 }
        var released = 0
        var index = 0
        while index < count {
            guard isFilePage(entries[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < count, entries[end] >> 61 & 1 == 1 || entries[end] >> 63 == 0 { end += 1 }
            let start = range.lowerBound + UInt(index) * page
            if let address = UnsafeMutableRawPointer(bitPattern: start),
                madvise(address, Int(UInt(end - index) * page), MADV_DONTNEED) == 0
            {
                released += (index..<end).reduce(0) { $0 + (isFilePage(entries[$1]) ? Int(page / 1024) : 0) }
            }
            index = end
        }
        return released
    }

    /// `libc.so.6`, `ld-linux-x86-64.so.2`, `libfoo.so`: compared as bytes (no Foundation, so
    /// releasing pages does not itself pull Foundation's string code back in).
    static func isSharedLibrary(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let marker = Array(".so".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            let after = start + marker.count
            if after == bytes.count || bytes[after] == UInt8(ascii: ".") { return true }
        }
        return false
    }

    /// glibc's `malloc_trim(0)`, found at run time like `mallopt` in `AllocatorTuning`.
    private static func trimHeap() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }

    /// Releases the clean, read-only file mappings whose path `selects`.
    static func release(where selects: (String) -> Bool) -> Release {
        guard let smaps = readProcFile("/proc/self/smaps") else { return Release() }
        // Decided in full first, released after in a tight loop: code that runs between two
        // `madvise` calls would map its pages straight back.
        let chosen = mappings(smaps: smaps).filter { $0.isCleanReadOnlyFile && $0.residentKiB > 0 && selects($0.path) }
        var result = Release()
        for mapping in chosen {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            if madvise(address, Int(mapping.end - mapping.start), MADV_DONTNEED) == 0 {
                result.mappings += 1
                result.releasedKiB += mapping.residentKiB
            }
        }
        return result
    }

    /// The mappings described by the text of a `smaps` file.
    static func mappings(smaps: String) -> [Mapping] {
        var out: [Mapping] = []
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            if let mapping = header(line) {
                out.append(mapping)
                continue
            }
            guard !out.isEmpty, let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard key == "Rss" || key == "Anonymous" else { continue }
            let value = Int(line[line.index(after: colon)...].split(separator: " ").first ?? "") ?? 0
            if key == "Rss" {
                out[out.count - 1].residentKiB = value
            } else {
                out[out.count - 1].anonymousKiB = value
            }
        }
        return out
    }

    /// `start-end perms offset dev inode [path]`, or nil for a field line.
    private static func header(_ line: Substring) -> Mapping? {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5, let dash = fields[0].firstIndex(of: "-"),
            let start = UInt(fields[0][..<dash], radix: 16),
            let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16),
            fields[1].count == 4, let inode = UInt64(fields[4])
        else { return nil }
        let path = fields.count > 5 ? String(fields[5].drop { $0 == " " }) : ""
        return Mapping(start: start, end: end, permissions: String(fields[1]), inode: inode, path: path)
    }

    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A `/proc` file read to its end (their sizes are not known in advance).
    static func readProcFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
