/// The instance names and addresses of a source's last `show stat` answer, in row order, kept by
/// the source for its next poll: ``HAProxyCSVParser`` gives an instance whose name (or address)
/// has the same bytes as in the same row last time that string again instead of making a new
/// one. A table keeps its order from poll to poll, so in a real pool (names and addresses
/// longer than the 15 bytes Swift stores inline) this saves two allocations, copies and frees
/// per instance and poll; a row that changed or moved simply gets a new string. The header line
/// is kept too: the same line maps to the same columns without looking at its 100+ names again.
public struct HAProxyCSVStrings: Sendable {
    /// The header of the last answer.
    var header: HAProxyCSVHeader?
    /// Names (`svname`) of the instances, in the order they were read.
    var names: [String] = []
    /// Addresses (`addr`), same order; "" where the row had none.
    var addresses: [String] = []

    public init() {}

    /// How many instances the last answer had.
    public var count: Int { names.count }
}
