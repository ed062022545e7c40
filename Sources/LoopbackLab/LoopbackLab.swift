/// Module LoopbackLab: see Package.swift for its place in the architecture.
enum LoopbackLabModule {}
