/// A person who took part in an incident and the roles they held.
public struct Responder: Codable, Hashable, Sendable {
    /// A role held from `from` until `until` (nil: still held at the end of the log, or no times
    /// known because it comes from the author's `--role`).
    public struct RoleSpan: Codable, Hashable, Sendable {
        public var role: String
        public var from: Timestamp?
        public var until: Timestamp?
    }

    public var name: String
    public var roles: [RoleSpan]

    /// The responders of a timeline in order of first appearance: authors of responder events,
    /// role holders (from `roleAssigned`/`roleReleased`), and roles declared by authors.
    /// The program's own name (`postmoterm`) is not a responder.
    public static func from(entries: [TimelineEntry]) -> [Responder] {
        var order: [String] = []
        var byName: [String: Responder] = [:]
        /// `name` + 0x1F + role: declared roles already seen (most events repeat their author's).
        var declared = Set<String>()
        func person(_ name: String) {
            guard name != Author.postmoterm.name, byName[name] == nil else { return }
            order.append(name)
            byName[name] = Responder(name: name, roles: [])
        }
        for index in entries.indices {
            guard entries[index].kind != .balancerObservation else { continue }
            let entry = entries[index]
            if entry.kind.isWrittenByResponder || entry.kind == .incidentStarted {
                let name = entry.author.name
                person(name)
                if let role = entry.author.role, !role.isEmpty, declared.insert(name + "\u{1F}" + role).inserted,
                    var responder = byName[name], !responder.roles.contains(where: { same($0.role, role) })
                {
                    responder.roles.append(RoleSpan(role: role, from: nil, until: nil))
                    byName[name] = responder
                }
            }
            guard entry.kind == .roleAssigned || entry.kind == .roleReleased,
                let role = entry.data["role"], let holder = entry.data["holder"]
            else { continue }
            person(holder)
            guard var responder = byName[holder] else { continue }
            if entry.kind == .roleAssigned {
                if let index = responder.roles.firstIndex(where: { same($0.role, role) && $0.from == nil && $0.until == nil }) {
                    responder.roles[index].from = entry.time
                } else if !responder.roles.contains(where: { same($0.role, role) && $0.until == nil && $0.from != nil }) {
                    responder.roles.append(RoleSpan(role: role, from: entry.time, until: nil))
                }
            } else if let index = responder.roles.lastIndex(where: { same($0.role, role) && $0.until == nil }) {
                responder.roles[index].until = entry.time
            }
            byName[holder] = responder
        }
        return order.compactMap { byName[$0] }
    }

    /// Role names match without regard to case (`IC` from `--role` and the playbook's `ic`).
    private static func same(_ a: String, _ b: String) -> Bool {
        a == b || a.lowercased() == b.lowercased()
    }
}
