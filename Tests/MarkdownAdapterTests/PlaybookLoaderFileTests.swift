import Foundation
import MarkdownAdapter
import PostmotermCore
import Testing

/// Reading from disk: folders, odd files, limits.
@Suite(.timeLimit(.minutes(1))) struct PlaybookLoaderFileTests {
    @Test func foldersAreSearchedRecursivelyForMarkdownInOrder() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("b/deeper"), withIntermediateDirectories: true)
        try fm.createDirectory(at: folder.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        for name in ["z.md", "a.md", "b/deeper/c.MD", "notes.txt", ".hidden/x.md"] {
            try "## Fix\n\n- [ ] Restart.\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let results = PlaybookLoader.loadAll(paths: [folder.path])
        #expect(results.map { String($0.path.dropFirst(folder.path.count)) } == ["/a.md", "/b/deeper/c.MD", "/z.md"])
        #expect(results.allSatisfy { !$0.hasErrors })
    }

    @Test func missingPath() throws {
        let result = try #require(PlaybookLoader.loadAll(paths: ["/nonexistent/playbook.md"]).first)
        #expect(result.diagnostics.first?.message == "no such file or folder")
        #expect(result.hasErrors)
        let direct = PlaybookLoader.load(path: "/nonexistent/playbook.md")
        #expect(direct.diagnostics.first?.message == "cannot read file: No such file or directory")
    }

    @Test func notARegularFile() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let fifo = folder.appendingPathComponent("pipe.md").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for reading would block until a writer comes: it must not be opened.
        let result = PlaybookLoader.load(path: fifo)
        #expect(result.diagnostics.first?.message == "not a regular file")
        #expect(PlaybookLoader.load(path: "/dev/zero").diagnostics.first?.message == "not a regular file")
    }

    @Test func unreadableFile() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let file = folder.appendingPathComponent("secret.md")
        try "## Fix\n\n- [ ] Restart.\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(chmod(file.path, 0) == 0)
        let result = PlaybookLoader.load(path: file.path)
        if getuid() == 0 {
            // root reads anything: the file simply loads.
            #expect(result.playbook != nil)
        } else {
            #expect(result.diagnostics.first?.message == "cannot read file: Permission denied")
            #expect(result.playbook == nil)
        }
    }

    @Test func tenMegabyteFileIsRefusedWithAMessage() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let file = folder.appendingPathComponent("huge.md")
        let line = Array("- [ ] Restart the service and check the logs.\n".utf8)
        var bytes: [UInt8] = Array("## Fix\n\n".utf8)
        while bytes.count < 10 * 1024 * 1024 { bytes += line }
        try Data(bytes).write(to: file)
        let result = PlaybookLoader.load(path: file.path)
        #expect(result.playbook == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.message == "file is too large (\(bytes.count) bytes; playbooks are limited to 4 MiB)")
    }

    /// Refused from its size, without reading it: a sparse file of 64 GiB (read whole, it would
    /// take far longer than the suite's time limit) is refused like any other.
    @Test func aHugeFileIsRefusedWithoutBeingRead() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let file = folder.appendingPathComponent("sparse.md")
        let size: UInt64 = 64 << 30
        try Data("## Fix\n\n".utf8).write(to: file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: size)
        try handle.close()
        let result = PlaybookLoader.load(path: file.path)
        #expect(result.playbook == nil)
        #expect(result.diagnostics.first?.message == "file is too large (\(size) bytes; playbooks are limited to 4 MiB)")
    }

    @Test func digestIsOfTheFileBytes() throws {
        let folder = try makeTemporaryFolder()
        defer { removeTemporaryFolder(folder) }
        let file = folder.appendingPathComponent("p.md")
        let text = "---\ntitle: T\n---\n## Fix\n\n- [ ] Restart.\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let playbook = try #require(PlaybookLoader.load(path: file.path).playbook)
        #expect(playbook.digest == SHA256.hex(of: text))
        #expect(playbook.path == file.path)
    }
}
