#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn file actions that Swift's Glibc module does not import (glibc 2.29+/2.34+ `_np`
/// extensions), found at run time with `dlsym`; on a libc without them nothing is added.
public enum SpawnFileActions {
    /// `posix_spawn_file_actions_addclosefrom_np`: the child closes every descriptor from `lowest`
    /// up, so no other thread's pipe or socket (not close-on-exec everywhere — Foundation's
    /// `Process` detects a child's exit through one) outlives the exec in a long-lived child.
    public static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        call("posix_spawn_file_actions_addclosefrom_np", &actions) { function, actions in
            typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(function, to: AddCloseFrom.self)(actions, lowest)
        }
    }

    /// `posix_spawn_file_actions_addchdir_np`: the child starts in `directory`.
    public static func changeDirectory(_ directory: String, _ actions: inout posix_spawn_file_actions_t) {
        call("posix_spawn_file_actions_addchdir_np", &actions) { function, actions in
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            _ = directory.withCString { unsafeBitCast(function, to: AddChdir.self)(actions, $0) }
        }
    }

    private static func call(
        _ name: String, _ actions: inout posix_spawn_file_actions_t,
        _ body: (UnsafeMutableRawPointer, UnsafeMutablePointer<posix_spawn_file_actions_t>) -> Void
    ) {
        guard let function = dlsym(nil, name) else { return }
        withUnsafeMutablePointer(to: &actions) { body(function, $0) }
    }
}
