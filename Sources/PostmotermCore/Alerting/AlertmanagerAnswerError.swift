import Foundation

/// An Alertmanager answer that is not what API v2 sends: says what was expected and where the
/// JSON went wrong, with a short, escaped preview of what came.
public struct AlertmanagerAnswerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `alerts`, `silences` or `silence id`.
    public var expected: String
    /// Where and how decoding failed.
    public var detail: String
    /// The start of the answer, escaped.
    public var preview: String

    public init(expected: String, detail: String, preview: String) {
        self.expected = expected
        self.detail = detail
        self.preview = preview
    }

    public var description: String {
        "not Alertmanager API v2 \(expected): \(detail); the answer began \"\(preview)\""
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], what: String) throws(AlertmanagerAnswerError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            let preview = TerminalSafe.escape(String(decoding: body.prefix(60), as: UTF8.self))
            throw AlertmanagerAnswerError(expected: what, detail: describe(error), preview: preview)
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(key.stringValue)\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type\(path(context))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "bad value\(path(context)): \(TerminalSafe.escape(context.debugDescription))"
        @unknown default: return "invalid JSON"
        }
    }
}
