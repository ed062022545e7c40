/// One key and value of a ``MetadataValue/map(_:)``.
public struct MetadataPair: Sendable, Hashable {
    public var key: String
    public var value: MetadataValue

    public init(key: String, value: MetadataValue) {
        self.key = key
        self.value = value
    }
}
