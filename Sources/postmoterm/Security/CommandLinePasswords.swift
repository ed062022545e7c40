import Foundation

/// Passwords given in balancer addresses on the command line (`haproxy+http://user:pass@host/…`,
/// issue 18.14). The arguments of a process are readable by every local user (`ps`,
/// `/proc/PID/cmdline`) for as long as it runs, so at start-up each such password is warned about
/// on standard error (never printed) and overwritten in place with `*` in the process's own
/// argument memory — on Linux the strings `/proc/PID/cmdline` is read from, which
/// `CommandLine.unsafeArgv` points at. ArgumentParser reads its private copy
/// (`CommandLine.arguments`), taken before the overwrite.
///
/// It narrows the window; it does not close it (the password was visible from exec until here,
/// and stays in shell history): `--auth-file FILE` or `$POSTMOTERM_BALANCER_AUTH` are the way.
enum CommandLinePasswords {
    /// The byte range of the password in `argument` when it holds an address with one:
    /// `scheme://user:password@host…`, alone or after `--option=`. The authority ends at the
    /// first `/`, `?` or `#` after `://`; the user info at its last `@`; the password starts
    /// after the user info's first `:`. `nil` when there is none (or it is empty).
    static func passwordRange(in argument: [UInt8]) -> Range<Int>? {
        let separator = Array("://".utf8)
        guard argument.count > separator.count,
              let schemeEnd = (0...(argument.count - separator.count)).first(where: { argument[$0..<($0 + 3)].elementsEqual(separator) })
        else { return nil }
        let authorityStart = schemeEnd + separator.count
        var authorityEnd = authorityStart
        while authorityEnd < argument.count, ![UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(argument[authorityEnd]) {
            authorityEnd += 1
        }
        guard let at = argument[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")),
              let colon = argument[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")), colon + 1 < at
        else { return nil }
        return (colon + 1)..<at
    }

    /// Overwrites every password found in the process's arguments with `*` and warns on
    /// standard error for each (by argument position, without the password). Returns how many.
    @discardableResult
    static func hideInProcessArguments() -> Int {
        // ArgumentParser's copy first: the overwrite must not change what the command parses.
        _ = CommandLine.arguments
        let argv = CommandLine.unsafeArgv
        var hidden = 0
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = argv[index] else { continue }
            let length = strlen(pointer)
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length))
            guard let range = passwordRange(in: bytes) else { continue }
            for offset in range { pointer[offset] = CChar(UInt8(ascii: "*")) }
            hidden += 1
            FileHandle.standardError.write(Data(warning(argument: index, bytes: bytes).utf8))
        }
        return hidden
    }

    /// The warning for a password in argument `index`: a team store URL (`postgres://`, issue 15)
    /// or a balancer address, each with its own way to give the password instead.
    static func warning(argument index: Int, bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        let isTeamStore = text.contains("postgres://") || text.contains("postgresql://")
        let what = isTeamStore ? "a team store URL" : "a balancer address"
        let instead = isTeamStore
            ? "Give the password with $PGPASSWORD, ~/.pgpass or --team-password-file FILE instead."
            : "Give credentials with --auth-file FILE or $POSTMOTERM_BALANCER_AUTH instead."
        return """
            postmoterm: warning: argument \(index) holds a password in \(what): every user of this \
            machine could read it in `ps` until now (it is blanked from here on, and stays in your shell \
            history). \(instead)\n
            """
    }
}
