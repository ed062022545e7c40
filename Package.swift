// swift-tools-version:6.1
import PackageDescription

/// The module map of postmoterm (see README "Code layout"):
///
/// - `PostmotermCore` — the pure core: playbook model, incident log model, balancer model and
///   detectors, postmortem exporter. No C imports, no I/O beyond what callers hand in.
/// - One adapter per C library or protocol: `MarkdownAdapter` (cmark-gfm), `SQLiteStore` (GRDB),
///   `BalancerAdapters` (HAProxy runtime API / stats CSV, Envoy admin, and the small HTTP client),
///   `MonitoringAdapters` (Alertmanager API v2), `CursesBackend` (ncursesw).
/// - `Console` — the TUI as state + messages + reducer + render-to-buffer, with no curses in it.
/// - `LoopbackLab` — real local components (HAProxy, small backends, a bounded load generator) on
///   loopback, shared by `postmoterm demo`, the tests and the benchmarks.
/// - `postmoterm` — the command line; `postmoterm-bench` — the release-build benchmarks.
let package = Package(
    name: "postmoterm",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "postmoterm", targets: ["postmoterm"]),
        .executable(name: "postmoterm-bench", targets: ["postmoterm-bench"]),
        .executable(name: "postmoterm-fuzz", targets: ["postmoterm-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C libraries, each seen by exactly one adapter.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // No pkg-config: its cflags are -D defines SwiftPM refuses; the shim header defines them.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // glibc's malloc tunables (<malloc.h>), for the console's arena bound.
        .systemLibrary(name: "CGlibcMalloc"),

        // The pure core.
        .target(name: "PostmotermCore"),

        // Adapters.
        .target(name: "MarkdownAdapter", dependencies: ["PostmotermCore", "CCmarkGFM", "Yams"]),
        .target(
            name: "SQLiteStore",
            dependencies: ["PostmotermCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "BalancerAdapters", dependencies: ["PostmotermCore", "COpenSSL"]),
        // The team store (PostgreSQL): the only importer of PostgresNIO.
        .target(
            name: "PostgresTeamStore",
            dependencies: ["PostmotermCore", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(name: "CursesBackend", dependencies: ["Console", "PostmotermCore", "CNcursesw"]),
        .target(name: "MonitoringAdapters", dependencies: ["PostmotermCore", "BalancerAdapters"]),

        // The console, pure.
        .target(name: "Console", dependencies: ["PostmotermCore"]),

        // Real local components for the demo, tests and benchmarks.
        .target(name: "LoopbackLab", dependencies: ["PostmotermCore"]),

        // What the tests and the benchmarks share: the table of time inputs both time surfaces
        // are tested against, and a real terminal (tmux) to drive the built program in (as
        // swift-argument-parser ships ArgumentParserTestHelpers).
        .target(name: "PostmotermTestSupport", dependencies: ["PostmotermCore", "LoopbackLab"]),

        // Executables.
        .executableTarget(
            name: "postmoterm",
            dependencies: [
                "PostmotermCore", "MarkdownAdapter", "SQLiteStore", "BalancerAdapters", "MonitoringAdapters",
                "Console", "CursesBackend", "LoopbackLab", "CGlibcMalloc", "PostgresTeamStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "postmoterm-bench",
            dependencies: [
                "PostmotermCore", "MarkdownAdapter", "SQLiteStore", "BalancerAdapters", "MonitoringAdapters",
                "Console", "CursesBackend", "LoopbackLab", "PostmotermTestSupport", "PostgresTeamStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The parsers of untrusted input as fuzz targets, and their libFuzzer driver (scripts/fuzz).
        .target(name: "FuzzTargets", dependencies: ["PostmotermCore", "MarkdownAdapter", "BalancerAdapters"]),
        .executableTarget(name: "postmoterm-fuzz", dependencies: ["FuzzTargets"]),

        // Tests.
        .testTarget(
            name: "PostmotermCoreTests",
            dependencies: ["PostmotermCore", "PostmotermTestSupport"],
            exclude: ["Fixtures"]  // golden files, read through #filePath
        ),
        .testTarget(name: "MarkdownAdapterTests", dependencies: ["MarkdownAdapter", "PostmotermCore", "LoopbackLab"]),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: ["SQLiteStore", "PostmotermCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "BalancerAdaptersTests",
            dependencies: ["BalancerAdapters", "PostmotermCore", "LoopbackLab"]
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["Console", "PostmotermCore", "PostmotermTestSupport"],
            exclude: ["Screens"]  // expected screens, read through #filePath
        ),
        .testTarget(
            name: "MonitoringAdaptersTests",
            dependencies: ["MonitoringAdapters", "BalancerAdapters", "PostmotermCore", "LoopbackLab"]
        ),
        .testTarget(name: "CursesBackendTests", dependencies: ["CursesBackend", "Console"]),
        .testTarget(
            name: "postmotermTests",
            dependencies: ["postmoterm", "PostmotermCore", "BalancerAdapters", "Console", "LoopbackLab", "PostmotermTestSupport"]
        ),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"]),
        .testTarget(
            name: "PostgresTeamStoreTests",
            dependencies: ["PostgresTeamStore", "PostmotermCore", "PostmotermTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["PostmotermCore", "LoopbackLab", "SQLiteStore", "PostmotermTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
