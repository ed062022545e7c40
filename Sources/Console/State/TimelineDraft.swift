import Foundation

/// An event the console asks the runtime to append to the incident log.
public struct TimelineDraft: Sendable, Hashable {
    public var kind: EntryKind
    public var text: String
    public var happenedAt: Date?
    public var author: String
    public var role: String?

    public init(kind: EntryKind, text: String, happenedAt: Date? = nil, author: String, role: String? = nil) {
        self.kind = kind
        self.text = text
        self.happenedAt = happenedAt
        self.author = author
        self.role = role
    }
}
