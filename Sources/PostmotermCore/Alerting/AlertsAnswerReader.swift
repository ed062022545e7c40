import Foundation

/// Reads the body of `GET /api/v2/alerts` (a JSON array of the API v2 spec's `gettableAlert`)
/// straight from its bytes into ``Alert`` values, in one pass, building only the strings an
/// ``Alert`` keeps: what ``Alert``'s `Decodable` conformance gives through `JSONDecoder`, without
/// the generic machinery (at 1,000 alerts, a 635 KiB answer, `JSONDecoder` took 37–41 ms of CPU).
///
/// The same answers as the `Decodable` path: unknown keys (`receivers`…) are skipped but must be
/// valid JSON; missing or `null` maps and lists are empty; `fingerprint`, `startsAt` and, when
/// `status` is there, `status.state` are required; a time is ISO 8601 text (``TimeParser``) or
/// an integer of milliseconds; of a key written twice the first wins (as in `JSONDecoder`).
/// Strings must be valid UTF-8 with valid escapes. The syntax is RFC 8259's: `JSONDecoder` also
/// takes trailing commas and numbers with leading zeros, which Alertmanager never writes. Nesting deeper than ``maximumDepth`` is refused (no recursion: skipping runs
/// on a counter). The `alerts` fuzz target checks that whatever both accept, both read alike.
public enum AlertsAnswerReader {
    /// The deepest nesting of arrays and objects accepted inside an alert.
    public static let maximumDepth = 512

    /// The alerts of `body`, or why it is not an alerts answer (as ``AlertmanagerAnswerError``).
    public static func alerts(_ body: [UInt8]) throws(AlertmanagerAnswerError) -> [Alert] {
        var previous = AlertsPreviousAnswer()
        return try alerts(body, previous: &previous)
    }

    /// The alerts of `body`, taking again, with only their `updatedAt` and `endsAt` read anew,
    /// the alerts of `previous` whose bytes `body` repeats but for those values
    /// (``AlertsPreviousAnswer``); `previous` becomes this answer. The result, and the error, are
    /// always those of ``alerts(_:)``: on any failure the answer is read again from scratch.
    public static func alerts(_ body: [UInt8], previous: inout AlertsPreviousAnswer) throws(AlertmanagerAnswerError) -> [Alert] {
        let old = previous
        let result: Result<Reading, Failure> = body.withUnsafeBufferPointer { buffer in
            old.body.withUnsafeBufferPointer { oldBytes in
                let known = old.alerts.isEmpty ? nil : Known(bytes: oldBytes, alerts: old.alerts, layouts: old.layouts)
                var cursor = Cursor(buffer)
                do throws(Failure) { return .success(try cursor.alertArray(previous: known)) } catch {
                    guard known != nil else { return .failure(error) }
                    // The comparison vouches for nothing that failed: the error is the full read's.
                    var again = Cursor(buffer)
                    do throws(Failure) { return .success(try again.alertArray(previous: nil)) } catch { return .failure(error) }
                }
            }
        }
        switch result {
        case .success(let reading):
            previous = AlertsPreviousAnswer(body: body, alerts: reading.alerts, layouts: reading.layouts, reusedAlerts: reading.reused)
            return reading.alerts
        case .failure(let failure):
            let preview = TerminalSafe.escape(String(decoding: body.prefix(60), as: UTF8.self))
            throw AlertmanagerAnswerError(expected: "alerts", detail: failure.detail, preview: preview)
        }
    }

    /// One answer read: its alerts, where each lay, and how many were taken again.
    struct Reading {
        var alerts: [Alert] = []
        var layouts: [AlertsKnownAlert] = []
        var reused = 0
    }

    /// The previous answer as the cursor compares against it.
    struct Known {
        let bytes: UnsafeBufferPointer<UInt8>
        let alerts: [Alert]
        let layouts: [AlertsKnownAlert]
        /// The position of each fingerprint (its first), built at the first alert read in full.
        var positions: [String: Int]?

        init(bytes: UnsafeBufferPointer<UInt8>, alerts: [Alert], layouts: [AlertsKnownAlert]) {
            self.bytes = bytes
            self.alerts = alerts
            self.layouts = layouts
        }

        /// Where the previous answer had `fingerprint`, if it had it.
        mutating func position(of fingerprint: String) -> Int? {
            if positions == nil {
                var map: [String: Int] = [:]
                map.reserveCapacity(alerts.count)
                for (position, alert) in alerts.enumerated() where map[alert.fingerprint] == nil { map[alert.fingerprint] = position }
                positions = map
            }
            return positions?[fingerprint]
        }
    }

    /// Why reading stopped, worded as ``AlertmanagerAnswerError`` words a `DecodingError`.
    struct Failure: Error {
        var detail: String

        static let invalidJSON = Failure(detail: "invalid JSON")
        static func missing(_ key: String, at path: String) -> Failure { Failure(detail: "missing \(key)\(at(path))") }
        static func wrongType(at path: String) -> Failure { Failure(detail: "wrong type\(at(path))") }
        static func badValue(at path: String, _ why: String) -> Failure {
            Failure(detail: "bad value\(at(path)): \(TerminalSafe.escape(why))")
        }
        private static func at(_ path: String) -> String { path.isEmpty ? "" : " at \(path)" }
    }

    /// A position in the answer's bytes, and the reading of each JSON form at it.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        // MARK: The answer

        /// The answer's alerts; with `previous`, each alert is first compared with the previous
        /// answer's alert at the same place (after the last one matched), and read in full only
        /// when it differs elsewhere than in its `updatedAt`/`endsAt` values.
        mutating func alertArray(previous: Known?) throws(Failure) -> Reading {
            skipSpace()
            guard take(UInt8(ascii: "[")) else {
                // Valid JSON of another type is a type mismatch; anything else is not JSON.
                try skipValue()
                skipSpace()
                guard index == bytes.count else { throw .invalidJSON }
                throw .wrongType(at: "")
            }
            var reading = Reading()
            var known = previous
            /// The previous answer's alert to compare the next one with.
            var candidate = 0
            if let previous {
                reading.alerts.reserveCapacity(previous.alerts.count)
                reading.layouts.reserveCapacity(previous.alerts.count)
            }
            skipSpace()
            if take(UInt8(ascii: "]")) {
                try end()
                return reading
            }
            while true {
                skipSpace()
                if let previous = known, candidate < previous.alerts.count, let (alert, layout) = again(previous, at: candidate) {
                    reading.alerts.append(alert)
                    reading.layouts.append(layout)
                    reading.reused += 1
                    candidate += 1
                } else {
                    let (alert, layout) = try alert(at: reading.alerts.count)
                    reading.alerts.append(alert)
                    reading.layouts.append(layout)
                    // Alertmanager sorts by fingerprint: after a new or changed alert, go on from where
                    // the previous answer had it (a gone alert is stepped over once).
                    if let position = known?.position(of: alert.fingerprint) { candidate = position + 1 }
                }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { throw .invalidJSON }
                try end()
                return reading
            }
        }

        /// The previous answer's alert at `position` again, when the bytes at the cursor are its
        /// bytes but for its `updatedAt` and `endsAt` values (those read anew), with where it lies;
        /// else nil and the cursor where it was. Never throws: anything unexpected is a full read.
        private mutating func again(_ previous: Known, at position: Int) -> (Alert, AlertsKnownAlert)? {
            let start = index
            let old = previous.layouts[position]
            var alert = previous.alerts[position]
            var layout = AlertsKnownAlert(start: start, end: start)
            var from = old.start
            for slot in 0..<2 {
                guard let time = slot == 0 ? old.first : old.second else { break }
                guard takeSame(previous.bytes, from..<time.range.lowerBound) else {
                    index = start
                    return nil
                }
                let valueStart = index
                let value: Timestamp?
                if takeNull() {
                    value = nil
                } else {
                    guard let read = try? timestamp(at: "") else {
                        index = start
                        return nil
                    }
                    value = read
                }
                if time.isEndsAt { alert.endsAt = value } else { alert.updatedAt = value }
                layout.add(AlertsKnownTime(isEndsAt: time.isEndsAt, range: valueStart..<index))
                from = time.range.upperBound
            }
            guard takeSame(previous.bytes, from..<old.end) else {
                index = start
                return nil
            }
            layout.end = index
            return (alert, layout)
        }

        /// Takes the bytes `range` of `other` when they come next.
        private mutating func takeSame(_ other: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            let count = range.count
            guard count > 0 else { return true }
            guard index + count <= bytes.count, let here = bytes.baseAddress, let there = other.baseAddress,
                memcmp(here + index, there + range.lowerBound, count) == 0
            else { return false }
            index += count
            return true
        }

        /// Only blanks may follow the answer.
        private mutating func end() throws(Failure) {
            skipSpace()
            guard index == bytes.count else { throw .invalidJSON }
        }

        /// The alert at `position`; its fields are checked after the object is read (a type
        /// error in a later key still wins over a missing key, as in JSONDecoder, only for keys
        /// read first: both report the first problem they meet).
        private mutating func alert(at position: Int) throws(Failure) -> (Alert, AlertsKnownAlert) {
            /// Built only for a message: at 1,000 alerts, strings built for nothing add up.
            func path() -> String { "[\(position)]" }
            guard peek() == UInt8(ascii: "{") else {
                try skipValue()
                throw .wrongType(at: path())
            }
            var layout = AlertsKnownAlert(start: index, end: index)
            index += 1
            var fingerprint: String?
            var labels: [String: String] = [:]
            var annotations: [String: String] = [:]
            var startsAt: Timestamp?
            var endsAt: Timestamp?
            var updatedAt: Timestamp?
            var generatorURL = ""
            var status = AlertStatus()
            var fingerprintIsNull = false
            var startsAtIsNull = false
            try members { (cursor: inout Cursor, key: Key) throws(Failure) in
                switch key {
                case .fingerprint:
                    if cursor.takeNull() {
                        fingerprintIsNull = true
                        fingerprint = nil
                    } else {
                        fingerprintIsNull = false
                        fingerprint = try cursor.string(at: path() + ".fingerprint")
                    }
                case .labels: labels = try cursor.stringMap(at: path() + ".labels")
                case .annotations: annotations = try cursor.stringMap(at: path() + ".annotations")
                case .startsAt:
                    if cursor.takeNull() {
                        startsAtIsNull = true
                        startsAt = nil
                    } else {
                        startsAtIsNull = false
                        startsAt = try cursor.timestamp(at: path() + ".startsAt")
                    }
                case .endsAt:
                    let valueStart = cursor.index
                    endsAt = cursor.takeNull() ? nil : try cursor.timestamp(at: path() + ".endsAt")
                    layout.add(AlertsKnownTime(isEndsAt: true, range: valueStart..<cursor.index))
                case .updatedAt:
                    let valueStart = cursor.index
                    updatedAt = cursor.takeNull() ? nil : try cursor.timestamp(at: path() + ".updatedAt")
                    layout.add(AlertsKnownTime(isEndsAt: false, range: valueStart..<cursor.index))
                case .generatorURL: generatorURL = cursor.takeNull() ? "" : try cursor.string(at: path() + ".generatorURL")
                case .status: status = try cursor.status(at: path() + ".status")
                default: try cursor.skipValue()
                }
            }
            guard let fingerprint else {
                if fingerprintIsNull { throw .wrongType(at: path() + ".fingerprint") }
                throw .missing("fingerprint", at: path())
            }
            guard let startsAt else {
                if startsAtIsNull { throw .wrongType(at: path() + ".startsAt") }
                throw .missing("startsAt", at: path())
            }
            layout.end = index
            let alert = Alert(
                fingerprint: fingerprint, labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt,
                updatedAt: updatedAt, generatorURL: generatorURL, status: status)
            return (alert, layout)
        }

        private mutating func status(at path: @autoclosure () -> String) throws(Failure) -> AlertStatus {
            guard peek() == UInt8(ascii: "{") else {
                try skipValue()
                throw .wrongType(at: path())
            }
            index += 1
            var state: AlertStatus.State?
            var stateIsNull = false
            var silencedBy: [String] = []
            var inhibitedBy: [String] = []
            try members { (cursor: inout Cursor, key: Key) throws(Failure) in
                switch key {
                case .state:
                    if cursor.takeNull() {
                        stateIsNull = true
                        state = nil
                        return
                    }
                    stateIsNull = false
                    let text = try cursor.string(at: path() + ".state")
                    guard let known = AlertStatus.State(rawValue: text) else {
                        throw .badValue(at: path() + ".state", "Cannot initialize State from invalid String value \(text)")
                    }
                    state = known
                case .silencedBy: silencedBy = try cursor.stringList(at: path() + ".silencedBy")
                case .inhibitedBy: inhibitedBy = try cursor.stringList(at: path() + ".inhibitedBy")
                default: try cursor.skipValue()
                }
            }
            guard let state else {
                if stateIsNull { throw .wrongType(at: path() + ".state") }
                throw .missing("state", at: path())
            }
            return AlertStatus(state: state, silencedBy: silencedBy, inhibitedBy: inhibitedBy)
        }

        // MARK: Objects

        /// The keys an alert or its status has, read without building a string.
        enum Key {
            case fingerprint, labels, annotations, startsAt, endsAt, updatedAt, generatorURL, status
            case state, silencedBy, inhibitedBy
            case other

            init(_ key: UnsafeBufferPointer<UInt8>) {
                switch key.count {
                case 5 where Self.equal(key, "state"): self = .state
                case 6 where Self.equal(key, "labels"): self = .labels
                case 6 where Self.equal(key, "endsAt"): self = .endsAt
                case 6 where Self.equal(key, "status"): self = .status
                case 8 where Self.equal(key, "startsAt"): self = .startsAt
                case 9 where Self.equal(key, "updatedAt"): self = .updatedAt
                case 10 where Self.equal(key, "silencedBy"): self = .silencedBy
                case 11 where Self.equal(key, "fingerprint"): self = .fingerprint
                case 11 where Self.equal(key, "annotations"): self = .annotations
                case 11 where Self.equal(key, "inhibitedBy"): self = .inhibitedBy
                case 12 where Self.equal(key, "generatorURL"): self = .generatorURL
                default: self = .other
                }
            }

            /// One bit per known key (none for ``other``), to notice a key written twice.
            var bit: UInt16 {
                switch self {
                case .fingerprint: 1 << 0
                case .labels: 1 << 1
                case .annotations: 1 << 2
                case .startsAt: 1 << 3
                case .endsAt: 1 << 4
                case .updatedAt: 1 << 5
                case .generatorURL: 1 << 6
                case .status: 1 << 7
                case .state: 1 << 8
                case .silencedBy: 1 << 9
                case .inhibitedBy: 1 << 10
                case .other: 0
                }
            }

            private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
                name.withUTF8Buffer { bytes.elementsEqual($0) }
            }
        }

        /// Reads an object's members (the `{` already taken) up to its `}`, handing each value
        /// to `read` with the cursor on it; a known key written again is skipped (the first wins).
        private mutating func members(_ read: (inout Cursor, Key) throws(Failure) -> Void) throws(Failure) {
            var seen: UInt16 = 0
            skipSpace()
            if take(UInt8(ascii: "}")) { return }
            while true {
                skipSpace()
                let key: Key
                switch try rawString() {
                case .plain(let range): key = Key(UnsafeBufferPointer(rebasing: bytes[range]))
                case .escaped(let text):
                    var text = text
                    key = text.withUTF8 { Key($0) }
                }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { throw .invalidJSON }
                skipSpace()
                if seen & key.bit != 0 {
                    try skipValue()
                } else {
                    seen |= key.bit
                    try read(&self, key)
                }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { throw .invalidJSON }
                return
            }
        }

        /// A `{"name": "text", …}` map (`null`: empty).
        private mutating func stringMap(at path: @autoclosure () -> String) throws(Failure) -> [String: String] {
            if takeNull() { return [:] }
            guard peek() == UInt8(ascii: "{") else {
                try skipValue()
                throw .wrongType(at: path())
            }
            index += 1
            var map: [String: String] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return map }
            while true {
                skipSpace()
                let name = try keyString()
                skipSpace()
                guard take(UInt8(ascii: ":")) else { throw .invalidJSON }
                skipSpace()
                let value = try string(at: path() + "." + name)
                if map[name] == nil { map[name] = value }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { throw .invalidJSON }
                return map
            }
        }

        /// A `["text", …]` list (`null`: empty).
        private mutating func stringList(at path: @autoclosure () -> String) throws(Failure) -> [String] {
            if takeNull() { return [] }
            guard peek() == UInt8(ascii: "[") else {
                try skipValue()
                throw .wrongType(at: path())
            }
            index += 1
            var list: [String] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return list }
            while true {
                skipSpace()
                let index = list.count
                list.append(try string(at: path() + "[\(index)]"))
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { throw .invalidJSON }
                return list
            }
        }

        // MARK: Scalars

        /// A time: ISO 8601 text or an integer of milliseconds since the epoch.
        private mutating func timestamp(at path: @autoclosure () -> String) throws(Failure) -> Timestamp {
            if let first = peek(), first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                let start = index
                try skipNumber()
                guard let milliseconds = Self.integer(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw .wrongType(at: path())
                }
                return Timestamp(millisecondsSinceEpoch: milliseconds)
            }
            let text = try string(at: path())
            guard let time = TimeParser.parseISO8601(text) else { throw .badValue(at: path(), "not an ISO 8601 time: \(text)") }
            return time
        }

        /// An `Int64` written as a plain integer (no fraction or exponent), or nil.
        private static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
            var value: Int64 = 0
            var negative = false
            var rest = digits[...]
            if rest.first == UInt8(ascii: "-") {
                negative = true
                rest = rest.dropFirst()
            }
            guard !rest.isEmpty else { return nil }
            for byte in rest {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int64(byte - UInt8(ascii: "0"))
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                value = next
            }
            return value
        }

        /// A string value (anything else is a type mismatch).
        private mutating func string(at path: @autoclosure () -> String) throws(Failure) -> String {
            guard peek() == UInt8(ascii: "\"") else {
                try skipValue()
                throw .wrongType(at: path())
            }
            return try keyString()
        }

        /// The string at the cursor (its opening quote there), as text.
        private mutating func keyString() throws(Failure) -> String {
            switch try rawString() {
            case .plain(let range):
                guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else { throw .invalidJSON }
                return text
            case .escaped(let text):
                return text
            }
        }

        enum RawString {
            /// No escapes: the bytes between the quotes (not yet checked as UTF-8).
            case plain(Range<Int>)
            /// With escapes: decoded and checked.
            case escaped(String)
        }

        /// The string at the cursor, which must open with `"`.
        private mutating func rawString() throws(Failure) -> RawString {
            guard take(UInt8(ascii: "\"")) else { throw .invalidJSON }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return .plain(start..<(index - 1))
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw .invalidJSON }
                index += 1
            }
            guard index < bytes.count else { throw .invalidJSON }
            // Escapes: decode from the start.
            var decoded: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: decoded, as: UTF8.self) else { throw .invalidJSON }
                    return .escaped(text)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw .invalidJSON }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) else { throw .invalidJSON }
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw .invalidJSON }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw .invalidJSON
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw .invalidJSON }
                        decoded.append(contentsOf: String(Character(unicode)).utf8)
                    default:
                        throw .invalidJSON
                    }
                default:
                    if byte < 0x20 { throw .invalidJSON }
                    decoded.append(byte)
                }
            }
            throw .invalidJSON
        }

        private mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw .invalidJSON }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw .invalidJSON
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        // MARK: Skipping

        /// Skips one JSON value of any kind, checking its syntax; nesting is counted, not recursed.
        mutating func skipValue() throws(Failure) {
            /// Open containers, innermost last: true for an object.
            var open: [Bool] = []
            /// Whether the next token in an object is a key.
            var expectKey = false
            while true {
                skipSpace()
                guard let byte = peek() else { throw .invalidJSON }
                if expectKey {
                    _ = try rawString()
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { throw .invalidJSON }
                    expectKey = false
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    index += 1
                    guard open.count < AlertsAnswerReader.maximumDepth else {
                        throw Failure(detail: "nested deeper than \(AlertsAnswerReader.maximumDepth) levels")
                    }
                    let isObject = byte == UInt8(ascii: "{")
                    skipSpace()
                    if take(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        if open.isEmpty { return }
                        // An empty container is a whole value: fall through to what follows it.
                    } else {
                        open.append(isObject)
                        expectKey = isObject
                        continue
                    }
                case UInt8(ascii: "\""):
                    _ = try rawString()
                case UInt8(ascii: "t"): try literal("true")
                case UInt8(ascii: "f"): try literal("false")
                case UInt8(ascii: "n"): try literal("null")
                default: try skipNumber()
                }
                // A whole value was read: close what it completes.
                while true {
                    guard let isObject = open.last else { return }
                    skipSpace()
                    if take(UInt8(ascii: ",")) {
                        expectKey = isObject
                        break
                    }
                    guard take(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw .invalidJSON }
                    open.removeLast()
                }
            }
        }

        /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        private mutating func skipNumber() throws(Failure) {
            _ = take(UInt8(ascii: "-"))
            if take(UInt8(ascii: "0")) {
                // A leading zero stands alone.
            } else {
                guard digits() > 0 else { throw .invalidJSON }
            }
            if take(UInt8(ascii: ".")) { guard digits() > 0 else { throw .invalidJSON } }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
                guard digits() > 0 else { throw .invalidJSON }
            }
        }

        private mutating func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }

        private mutating func literal(_ word: StaticString) throws(Failure) {
            let matched = word.withUTF8Buffer { word in
                index + word.count <= bytes.count && UnsafeBufferPointer(rebasing: bytes[index..<(index + word.count)]).elementsEqual(word)
            }
            guard matched else { throw .invalidJSON }
            index += word.utf8CodeUnitCount
        }

        // MARK: Bytes

        /// Takes `null` when it is next.
        private mutating func takeNull() -> Bool {
            guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
                  bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
            else { return false }
            index += 4
            return true
        }

        @inline(__always)
        private func peek() -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        @inline(__always)
        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        @inline(__always)
        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }
    }
}
