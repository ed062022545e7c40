/// Decodes an alert as `GET /api/v2/alerts` sends it (the API v2 spec's `gettableAlert`); unknown
/// keys (`receivers`…) are ignored, missing maps are empty, an unknown `status.state` is an error.
extension Alert: Decodable {
    private enum Keys: String, CodingKey {
        case fingerprint, labels, annotations, startsAt, endsAt, updatedAt, generatorURL, status
    }

    private enum StatusKeys: String, CodingKey {
        case state, silencedBy, inhibitedBy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        fingerprint = try container.decode(String.self, forKey: .fingerprint)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        startsAt = try container.decode(Timestamp.self, forKey: .startsAt)
        endsAt = try container.decodeIfPresent(Timestamp.self, forKey: .endsAt)
        updatedAt = try container.decodeIfPresent(Timestamp.self, forKey: .updatedAt)
        generatorURL = try container.decodeIfPresent(String.self, forKey: .generatorURL) ?? ""
        if container.contains(.status) {
            let status = try container.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
            self.status = AlertStatus(
                state: try status.decode(AlertStatus.State.self, forKey: .state),
                silencedBy: try status.decodeIfPresent([String].self, forKey: .silencedBy) ?? [],
                inhibitedBy: try status.decodeIfPresent([String].self, forKey: .inhibitedBy) ?? [])
        } else {
            status = AlertStatus()
        }
    }
}
