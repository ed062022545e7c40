/// A change to how an earlier event reads. It is recorded as its own `amendment` event that
/// references the original; the original stays as it was written.
public enum Amendment: Hashable, Sendable {
    /// Replace the text.
    case editText(String)
    /// Move the event to another time (it happened earlier or later than written).
    case editTime(Timestamp)
    /// Mark the event as important (starred events stand out in the postmortem).
    case star
    case unstar
    /// Leave the event out of views and the postmortem (it stays in the store).
    case hide
    case unhide

    /// The `data["amendment"]` value of this amendment.
    public var name: String {
        switch self {
        case .editText: return "editText"
        case .editTime: return "editTime"
        case .star: return "star"
        case .unstar: return "unstar"
        case .hide: return "hide"
        case .unhide: return "unhide"
        }
    }

    /// Reads the amendment an `amendment` event records; nil for any other event or a malformed one.
    public init?(event: Event) {
        guard event.kind == .amendment, event.amends != nil else { return nil }
        self.init(name: event.data["amendment"], text: event.text, happenedAt: event.data["happenedAt"])
    }

    init?(name: String?, text: String, happenedAt: String?) {
        switch name {
        case "editText": self = .editText(text)
        case "editTime":
            guard let happenedAt, let time = TimeParser.parseISO8601(happenedAt) else { return nil }
            self = .editTime(time)
        case "star": self = .star
        case "unstar": self = .unstar
        case "hide": self = .hide
        case "unhide": self = .unhide
        default: return nil
        }
    }
}
