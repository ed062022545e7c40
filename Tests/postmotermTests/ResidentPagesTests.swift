import Foundation
import Testing

@testable import postmoterm

/// Releasing start-up pages must never change a byte the process sees: only clean file pages go,
/// private copies (written pages) stay.
@Suite(.timeLimit(.minutes(1))) struct ResidentPagesTests {
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    @Test func smapsMappingsAreReadWithTheirSizes() {
        let smaps = """
            55d0c0000000-55d0c1a4b000 r-xp 00000000 fd:00 1234                       /opt/bin/postmoterm
            Size:              27436 kB
            Rss:               15384 kB
            Anonymous:             0 kB
            VmFlags: rd ex mr mw me dw
            55d0c1a4c000-55d0c1b01000 r--p 01a4b000 fd:00 1234                       /opt/bin/postmoterm
            Rss:                 724 kB
            Anonymous:           724 kB
            55d0c1b01000-55d0c3f34000 rw-p 01b00000 fd:00 1234                       /opt/bin/postmoterm
            Rss:                2052 kB
            Anonymous:           352 kB
            7f0000000000-7f0000101000 rw-p 00000000 00:00 0 
            Rss:                 488 kB
            Anonymous:           488 kB
            7f61bba44000-7f61bbb9a000 r-xp 00028000 fd:00 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
            Rss:                1200 kB
            Anonymous:             0 kB
            7ffd5b7f2000-7ffd5b7f4000 r-xp 00000000 00:00 0                          [vdso]
            Rss:                   8 kB
            Anonymous:             0 kB
            7f61bc000000-7f61bc001000 r--p 00000000 fd:00 77                         /data/my file (deleted)
            Rss:                   4 kB
            Anonymous:             0 kB
            """
        let mappings = ResidentPages.mappings(smaps: smaps)
        #expect(mappings.count == 7)
        #expect(mappings[0] == ResidentPages.Mapping(
            start: 0x55d0c0000000, end: 0x55d0c1a4b000, permissions: "r-xp", inode: 1234, path: "/opt/bin/postmoterm",
            residentKiB: 15384, anonymousKiB: 0))
        #expect(mappings.map(\.isCleanReadOnlyFile) == [true, false, false, false, true, false, true])
        #expect(mappings[3].path == "")
        #expect(mappings[5].path == "[vdso]")
        #expect(mappings[6].path == "/data/my file (deleted)")
    }

    @Test func sharedLibrariesAreRecognisedByName() {
        for path in ["/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2", "/opt/lib/libfoo.so"] {
            #expect(ResidentPages.isSharedLibrary(path), "\(path)")
        }
        for path in ["/opt/bin/postmoterm", "/srv/sonar", "/tmp/a.sox", "/tmp/so.", ""] {
            #expect(!ResidentPages.isSharedLibrary(path), "\(path)")
        }
    }

    /// A clean read-only mapping is released and reads back the same; a read-only mapping with
    /// a written (private) page is left alone, and its written byte survives.
    @Test func onlyCleanReadOnlyMappingsAreReleased() throws {
        let (path, pages) = try Self.patternFile(name: "libprobe-\(UUID().uuidString).so.1", pages: 32)
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let length = pages * Self.page
        let clean = try #require(mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0))
        let patched = try #require(mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0))
        defer {
            munmap(clean, length)
            munmap(patched, length)
        }
        #expect(clean != MAP_FAILED && patched != MAP_FAILED)
        #expect(Self.checksum(clean, length) == Self.expectedChecksum(pages: pages))
        _ = Self.checksum(patched, length)
        patched.storeBytes(of: 0xEE, toByteOffset: 5 * Self.page + 7, as: UInt8.self)
        #expect(mprotect(patched, length, PROT_READ) == 0)

        let before = Self.mappings(of: path)
        #expect(before.count == 2)
        #expect(before.first { $0.start == UInt(bitPattern: clean) }?.residentKiB == length / 1024)

        let release = ResidentPages.release { $0 == path }

        #expect(release.mappings == 1)
        #expect(release.releasedKiB == length / 1024)
        let after = Self.mappings(of: path)
        #expect(after.first { $0.start == UInt(bitPattern: clean) }?.residentKiB == 0)
        #expect(after.first { $0.start == UInt(bitPattern: patched) }?.anonymousKiB == Self.page / 1024)
        #expect(Self.checksum(clean, length) == Self.expectedChecksum(pages: pages))
        #expect(patched.load(fromByteOffset: 5 * Self.page + 7, as: UInt8.self) == 0xEE)
    }

    /// Page by page inside a writable mapping: file pages go, the process's own copy stays.
    @Test func filePagesInsideAWritableMappingGoButWrittenPagesStay() throws {
        let (path, pages) = try Self.patternFile(name: "constants-\(UUID().uuidString).bin", pages: 16)
        defer { unlink(path) }
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let length = pages * Self.page
        let mapping = try #require(mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0))
        #expect(mapping != MAP_FAILED)
        defer { munmap(mapping, length) }
        _ = Self.checksum(mapping, length)
        mapping.storeBytes(of: 0x42, toByteOffset: 3 * Self.page, as: UInt8.self)
        let start = UInt(bitPattern: mapping)

        let released = ResidentPages.releaseFilePages(in: start..<(start + UInt(length)))

        #expect(released == (pages - 1) * Self.page / 1024)
        let after = try #require(Self.mappings(of: path).first)
        #expect(after.residentKiB == Self.page / 1024)
        #expect(mapping.load(fromByteOffset: 3 * Self.page, as: UInt8.self) == 0x42)
        var expected = Self.expectedChecksum(pages: pages)
        expected = expected &- UInt64(Self.patternByte(3 * Self.page)) &+ 0x42
        #expect(Self.checksum(mapping, length) == expected)
    }

    @Test func theExecutablesConstantsAreFoundInItsOwnImage() throws {
        let section = try #require(ExecutableImage.section(named: ".rodata", path: "/proc/self/exe"))
        #expect(section.size > 0)
        #expect(ExecutableImage.section(named: ".no-such-section", path: "/proc/self/exe") == nil)
        #expect(ExecutableImage.section(named: ".rodata", path: "/etc/hostname") == nil)
        #expect(ExecutableImage.section(named: ".rodata", path: "/nonexistent/file") == nil)
        let range = try #require(ExecutableImage.pagesInside(section: ".rodata"))
        #expect(range.lowerBound % UInt(Self.page) == 0 && range.upperBound % UInt(Self.page) == 0)
        // The range lies inside one or more mappings of the executable.
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let images = ResidentPages.mappings(smaps: try #require(ResidentPages.readProcFile("/proc/self/smaps")))
            .filter { $0.path == exe }
        #expect(images.contains { $0.start <= range.lowerBound && range.lowerBound < $0.end })
        #expect(images.contains { $0.start < range.upperBound && range.upperBound <= $0.end })
    }

    // MARK: Helpers

    static func patternByte(_ offset: Int) -> UInt8 { UInt8(truncatingIfNeeded: offset &* 31 &+ offset / 4096) }

    static func patternFile(name: String, pages: Int) throws -> (String, Int) {
        let path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name).standardizedFileURL.path
        var bytes = [UInt8](repeating: 0, count: pages * page)
        for offset in bytes.indices { bytes[offset] = patternByte(offset) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, pages)
    }

    static func expectedChecksum(pages: Int) -> UInt64 {
        var sum: UInt64 = 0
        for offset in 0..<(pages * page) { sum &+= UInt64(patternByte(offset)) }
        return sum
    }

    /// Reads every byte (faulting every page in).
    static func checksum(_ pointer: UnsafeMutableRawPointer, _ length: Int) -> UInt64 {
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        var sum: UInt64 = 0
        for offset in 0..<length { sum &+= UInt64(bytes[offset]) }
        return sum
    }

    static func mappings(of path: String) -> [ResidentPages.Mapping] {
        // (Foundation's file reading trusts the size `stat` reports, which is 0 for /proc.)
        let smaps = ResidentPages.readProcFile("/proc/self/smaps") ?? ""
        return ResidentPages.mappings(smaps: smaps).filter { $0.path == path }
    }
}
