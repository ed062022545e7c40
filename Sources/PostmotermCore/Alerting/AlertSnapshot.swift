import Foundation

/// One answer of `GET /api/v2/alerts` from one Alertmanager, at the time it was taken.
public struct AlertSnapshot: Sendable, Hashable {
    /// The Alertmanager (its masked address).
    public var source: String
    public var takenAt: Timestamp
    public var alerts: [Alert]

    public init(source: String, takenAt: Timestamp, alerts: [Alert]) {
        self.source = source
        self.takenAt = takenAt
        self.alerts = alerts
    }

    /// Parses the body of `GET /api/v2/alerts` (a JSON array of alerts) with ``AlertsAnswerReader``.
    public static func parseAlerts(_ body: [UInt8]) throws(AlertmanagerAnswerError) -> [Alert] {
        try AlertsAnswerReader.alerts(body)
    }

    /// Parses the body of `GET /api/v2/silences` (a JSON array of silences).
    public static func parseSilences(_ body: [UInt8]) throws(AlertmanagerAnswerError) -> [AlertSilence] {
        try AlertmanagerAnswerError.decode([AlertSilence].self, from: body, what: "silences")
    }

    /// Parses the body of `POST /api/v2/silences` (`{"silenceID": "…"}`): the new silence's id.
    public static func parseSilenceID(_ body: [UInt8]) throws(AlertmanagerAnswerError) -> String {
        struct Created: Decodable { var silenceID: String }
        return try AlertmanagerAnswerError.decode(Created.self, from: body, what: "silence id").silenceID
    }
}
