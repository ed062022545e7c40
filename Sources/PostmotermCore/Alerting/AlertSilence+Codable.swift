/// A silence as `GET /api/v2/silences` sends it (`gettableSilence`: `status.state` nested).
extension AlertSilence: Decodable {
    private enum Keys: String, CodingKey {
        case id, matchers, startsAt, endsAt, createdBy, comment, status
    }

    private enum StatusKeys: String, CodingKey {
        case state
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try container.decode(String.self, forKey: .id)
        matchers = try container.decodeIfPresent([Matcher].self, forKey: .matchers) ?? []
        startsAt = try container.decode(Timestamp.self, forKey: .startsAt)
        endsAt = try container.decode(Timestamp.self, forKey: .endsAt)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy) ?? ""
        comment = try container.decodeIfPresent(String.self, forKey: .comment) ?? ""
        state = try container.nestedContainer(keyedBy: StatusKeys.self, forKey: .status).decode(State.self, forKey: .state)
    }
}
