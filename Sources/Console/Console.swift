/// Module Console: see Package.swift for its place in the architecture.
enum ConsoleModule {}
