import PostmotermCore

/// A realistic mix of events for the big-incident benchmark: notes, steps, role changes,
/// flapping balancer observations, actions, stars and hides.
enum SyntheticIncident {
    static func draft(_ n: Int, author: Author) -> EventDraft {
        let instance = "api-\(n % 4 + 1)"
        switch n % 10 {
        case 0, 1, 2:
            return .note("Investigating \(instance): latency \(n % 700) ms, see dashboard", author: author)
        case 3:
            return EventDraft(
                kind: .balancerObservation, text: "\(instance) went \(n % 20 == 3 ? "DOWN" : "UP")",
                author: .postmoterm,
                data: [
                    "finding": "statusChange", "source": "haproxy@127.0.0.1:****", "pool": "api",
                    "instance": instance, "from": n % 20 == 3 ? "UP" : "DOWN", "to": n % 20 == 3 ? "DOWN" : "UP",
                ])
        case 4:
            return EventDraft(
                kind: .balancerObservation, text: "5xx at \(n % 50).5 % on api", author: .postmoterm,
                data: ["finding": "errorRate", "source": "haproxy@127.0.0.1:****", "pool": "api", "errorPercent": "\(n % 50).5"])
        case 5:
            return EventDraft(
                kind: .stepDone, text: "Check the balancer for down instances", author: author,
                data: ["step": "step-\(n % 12)"])
        case 6:
            return EventDraft(
                kind: .balancerAction, text: "disable server api/\(instance)", author: author,
                data: [
                    "source": "haproxy@127.0.0.1:****", "pool": "api", "instance": instance,
                    "command": "disable server api/\(instance)", "result": "ok", "answer": "",
                ])
        case 7:
            return .note("Action: add an alert for \(instance)", author: author, actionItem: n % 1000 == 7)
        case 8:
            return .amendment(of: Int64(n - 1), n % 3 == 0 ? .star : .editText("Edited note \(n)"), author: author)
        default:
            return EventDraft(
                kind: .roleAssigned, text: "\(author.name) is IC", author: author,
                data: ["role": "ic", "holder": "person-\(n % 5)"])
        }
    }
}
