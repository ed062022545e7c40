/// Module PostmotermCore: see Package.swift for its place in the architecture.
enum PostmotermCoreModule {}
