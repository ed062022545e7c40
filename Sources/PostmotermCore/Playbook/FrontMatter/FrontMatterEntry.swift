/// One top-level key of a playbook's front matter, parsed.
public struct FrontMatterEntry: Sendable, Hashable {
    public var key: String
    public var value: MetadataValue
    /// Where the key is written in the file.
    public var position: SourcePosition

    public init(key: String, value: MetadataValue, position: SourcePosition) {
        self.key = key
        self.value = value
        self.position = position
    }
}
