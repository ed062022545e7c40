import Foundation
import PostmotermCore

/// One open incident the picker offers.
public struct IncidentPickerRow: Sendable, Hashable {
    public var id: String
    public var title: String
    public var status: IncidentStatus
    public var startedAt: Date
    /// The file name of the playbook it was started with, if any.
    public var playbook: String?

    public init(id: String, title: String, status: IncidentStatus, startedAt: Date, playbook: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.startedAt = startedAt
        self.playbook = playbook
    }
}
