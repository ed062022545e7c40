/// Module BalancerAdapters: see Package.swift for its place in the architecture.
enum BalancerAdaptersModule {}
