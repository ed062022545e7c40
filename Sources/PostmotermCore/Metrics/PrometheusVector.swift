import Foundation

/// The answer of Prometheus's instant query API (`GET /api/v1/query`) when it is a vector:
/// one value per series, read by its `instance` label.
public enum PrometheusVector {
    /// Why an answer could not be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private struct Answer: Decodable {
        struct Data: Decodable {
            var resultType: String
            var result: [Series]
        }
        struct Series: Decodable {
            var metric: [String: String]
            var value: [Value]
        }
        enum Value: Decodable {
            case number(Double)
            case text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
        }
        var status: String
        var data: Data?
        var error: String?
    }

    /// `instance` label → value; series without the label, or whose value is not a finite
    /// number (`NaN` when a rate has no samples yet), are left out.
    public static func values(_ body: [UInt8]) throws(ParseError) -> [String: Double] {
        let answer: Answer
        do { answer = try JSONDecoder().decode(Answer.self, from: Data(body)) } catch {
            throw ParseError(description: "not a Prometheus query answer (\(body.count) bytes)")
        }
        guard answer.status == "success", let data = answer.data else {
            throw ParseError(description: "Prometheus refused the query: \(answer.error ?? answer.status)")
        }
        guard data.resultType == "vector" else { throw ParseError(description: "a \(data.resultType), not a vector") }
        var values: [String: Double] = [:]
        for series in data.result {
            guard let instance = series.metric["instance"], series.value.count == 2, case .text(let text) = series.value[1],
                let value = Double(text), value.isFinite
            else { continue }
            values[instance] = value
        }
        return values
    }
}
