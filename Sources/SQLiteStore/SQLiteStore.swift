/// Module SQLiteStore: see Package.swift for its place in the architecture.
enum SQLiteStoreModule {}
