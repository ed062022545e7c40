#if canImport(Glibc)
    import Glibc
#endif

/// Where a section of the running executable lies in memory, read from its own ELF section
/// headers (`/proc/self/exe`) and the load address the dynamic linker reports.
///
/// ``ResidentPages`` needs `.rodata`: the linker places it inside the executable's writable
/// segment, so the mapping as a whole may hold written pages, but `.rodata` itself is constants
/// that nothing writes.
enum ExecutableImage {
    /// The page-aligned addresses fully inside section `name`, or nil when the executable is not
    /// a 64-bit little-endian ELF file, has no such section, or cannot be read.
    static func pagesInside(section name: String) -> Range<UInt>? {
        guard let bias = loadBias(), let section = section(named: name, path: "/proc/self/exe") else { return nil }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = (bias + section.address + page - 1) / page * page
        let end = (bias + section.address + section.size) / page * page
        return start < end ? start..<end : nil
    }

    /// Address (as linked) and size of section `name` in the ELF file at `path`.
    static func section(named name: String, path: String) -> (address: UInt, size: UInt)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let header = read(descriptor, at: 0, count: 64), header.count == 64,
            header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46,  // "\u{7F}ELF"
            header[4] == 2, header[5] == 1  // 64-bit, little-endian
        else { return nil }
        let sectionsOffset = Int(little(header, 64, at: 0x28))
        let entrySize = Int(little(header, 16, at: 0x3A))
        let count = Int(little(header, 16, at: 0x3C))
        let namesIndex = Int(little(header, 16, at: 0x3E))
        guard entrySize >= 64, count > 0, count < 65_536, namesIndex < count,
            let table = read(descriptor, at: sectionsOffset, count: entrySize * count)
        else { return nil }
        let namesEntry = namesIndex * entrySize
        let namesOffset = Int(little(table, 64, at: namesEntry + 0x18))
        let namesSize = Int(little(table, 64, at: namesEntry + 0x20))
        guard namesSize > 0, namesSize < 1 << 24, let names = read(descriptor, at: namesOffset, count: namesSize) else { return nil }
        let wanted = Array(name.utf8)
        for index in 0..<count {
            let entry = index * entrySize
            let nameStart = Int(little(table, 32, at: entry))
            guard nameStart + wanted.count < names.count,
                names[nameStart..<(nameStart + wanted.count)].elementsEqual(wanted), names[nameStart + wanted.count] == 0
            else { continue }
            return (UInt(little(table, 64, at: entry + 0x10)), UInt(little(table, 64, at: entry + 0x20)))
        }
        return nil
    }

    /// How far the executable was moved from its linked addresses (position-independent
    /// executables load at a random base): `dlpi_addr` of the first object `dl_iterate_phdr`
    /// reports, which is the executable. (Glibc's Swift module does not import `link.h`, so the
    /// function is looked up at run time and only the struct's first field, `dlpi_addr`, is read.)
    private static func loadBias() -> UInt? {
        typealias Visitor = @convention(c) (UnsafeRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32
        typealias Iterate = @convention(c) (Visitor, UnsafeMutableRawPointer?) -> Int32
        guard let symbol = dlsym(nil, "dl_iterate_phdr") else { return nil }
        let iterate = unsafeBitCast(symbol, to: Iterate.self)
        var bias: UInt?
        withUnsafeMutablePointer(to: &bias) { pointer in
            _ = iterate({ info, _, context in
                guard let info, let context else { return 1 }
                context.assumingMemoryBound(to: UInt?.self).pointee = info.load(as: UInt.self)
                return 1  // the executable comes first: stop
            }, pointer)
        }
        return bias
    }

    private static func read(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    /// The little-endian unsigned integer of `bits` bits at byte `offset` of `bytes`.
    private static func little(_ bytes: [UInt8], _ bits: Int, at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in 0..<(bits / 8) where offset + byte < bytes.count {
            value |= UInt64(bytes[offset + byte]) << (8 * UInt64(byte))
        }
        return value
    }
}
