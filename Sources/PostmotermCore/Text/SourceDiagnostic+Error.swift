/// A diagnostic can be thrown, e.g. when a file is rejected before it is parsed.
extension SourceDiagnostic: Error {}
