import Foundation

/// A flag set once and read from any task (the schema was checked; a connection got as far as
/// listening).
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
