/// Module MarkdownAdapter: see Package.swift for its place in the architecture.
enum MarkdownAdapterModule {}
