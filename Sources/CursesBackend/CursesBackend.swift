/// Module CursesBackend: see Package.swift for its place in the architecture.
enum CursesBackendModule {}
