extension Finding {
    /// The `balancerObservation` event that records this finding (keys documented on
    /// ``EventKind``): `finding`, `source` (masked), `pool`, `instance`, and where relevant
    /// `from`, `to`, `share` and `fairShare` (percent, one decimal: `83.3`), `errorPercent`,
    /// `status`. text = ``message``; authored by `postmoterm`, happened when it was observed.
    public var eventDraft: EventDraft {
        var data: [String: String] = ["finding": kind.rawValue, "source": source]
        data["pool"] = pool
        data["instance"] = instance
        data["from"] = from
        data["to"] = to
        data["share"] = share.map { Self.percentText($0 * 100) }
        data["fairShare"] = fairShare.map { Self.percentText($0 * 100) }
        data["errorPercent"] = errorPercent.map(Self.percentText)
        data["status"] = status
        data["severity"] = severity.rawValue
        return EventDraft(kind: .balancerObservation, text: message, author: .postmoterm, happenedAt: at, data: data)
    }

    /// `83.333` → `83.3`.
    static func percentText(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
