/// The longest text one event may carry (a note, an action item, a title, an edited text),
/// in characters: the one limit `log` and the console's editor share. Longer text belongs in a
/// file whose path is logged; a 6.6 MB note only makes every later read of the log slower.
public enum EventTextLimit {
    public static let maximumCharacters = 10_000

    /// The error for `text` when it is over the limit (`what`: "the note", "the title"…).
    static func check(_ text: String, what: String) throws(IncidentStoreError) {
        // Cheap bound first: a character is at least one UTF-8 byte.
        guard text.utf8.count > maximumCharacters else { return }
        let count = text.count
        if count > maximumCharacters {
            throw .invalidEvent("\(what) is \(count) characters long; the limit is \(maximumCharacters) (put longer text in a file and log its path)")
        }
    }
}
