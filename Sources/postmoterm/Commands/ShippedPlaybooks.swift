import Foundation

/// Where the playbooks shipped with postmoterm are: `share/postmoterm/playbooks` beside an
/// installed binary, the repository's `playbooks/` beside a built one (`.build/debug/…`), else
/// `./playbooks`. Nil when none exists.
enum ShippedPlaybooks {
    /// Beside the running binary first (`../share/postmoterm/playbooks` of an installed one, the
    /// repository's `playbooks/` above `.build/…/postmoterm`), then the current directory's.
    static func folder() -> String? {
        DemoPlaybookLocator.find("playbooks", currentDirectoryFirst: false)
    }
}
