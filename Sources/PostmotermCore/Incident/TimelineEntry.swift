/// One event as a timeline shows it: the original with its amendments applied.
public struct TimelineEntry: Codable, Hashable, Sendable, Identifiable {
    /// The event as it was written.
    public let event: Event
    /// The text after any `editText` amendment.
    public internal(set) var text: String
    /// When it happened after any `editTime` amendment (else `event.time`).
    public internal(set) var time: Timestamp
    public internal(set) var isStarred: Bool
    public internal(set) var isHidden: Bool
    /// Sequences of the amendments applied, in order.
    public internal(set) var amendedBy: [Int64]

    public init(event: Event) {
        self.event = event
        self.text = event.text
        self.time = event.time
        self.isStarred = false
        self.isHidden = false
        self.amendedBy = []
    }

    public var id: Int64 { event.sequence }
    public var sequence: Int64 { event.sequence }
    public var kind: EventKind { event.kind }
    public var author: Author { event.author }
    public var data: [String: String] { event.data }
    /// Whether the text was edited after it was written.
    public var isTextEdited: Bool { text != event.text }
    /// Whether it happened at another time than it was recorded (backdated or moved).
    public var isBackdated: Bool { time != event.recordedAt }

    mutating func apply(_ amendment: Amendment, sequence: Int64) {
        switch amendment {
        case .editText(let newText): text = newText
        case .editTime(let newTime): time = newTime
        case .star: isStarred = true
        case .unstar: isStarred = false
        case .hide: isHidden = true
        case .unhide: isHidden = false
        }
        amendedBy.append(sequence)
    }

    /// Timeline order: by time, then by sequence.
    func precedes(_ other: TimelineEntry) -> Bool {
        time != other.time ? time < other.time : sequence < other.sequence
    }
}
