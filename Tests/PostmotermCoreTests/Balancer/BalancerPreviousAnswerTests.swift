import Foundation
import Testing
@testable import PostmotermCore

/// Names and addresses carried from one poll's parse to the next (``HAProxyPreviousAnswer``): the
/// same bytes in the same row give the previous poll's string back (shared storage, nothing
/// allocated); anything else gives exactly what a fresh parse gives.
@Suite struct BalancerPreviousAnswerTests {
    /// Names and addresses longer than 15 bytes, so each is a string with storage of its own.
    static func table(_ rows: [(name: String, address: String, weight: Int)]) -> String {
        var text = "# pxname,svname,status,weight,addr,type,\n"
        for row in rows { text += "payments-backend-eu,\(row.name),UP,\(row.weight),\(row.address),2,\n" }
        text += "payments-backend-eu,BACKEND,UP,\(rows.reduce(0) { $0 + $1.weight }),,1,\n"
        return text
    }

    static let rows = [
        (name: "payments-api-eu-west-1a-01", address: "10.20.30.101:8443", weight: 1),
        (name: "payments-api-eu-west-1a-02", address: "10.20.30.102:8443", weight: 10),
        (name: "payments-api-eu-west-1b-03", address: "10.20.30.103:8443", weight: 1),
    ]

    static func parse(_ text: String, _ strings: inout HAProxyPreviousAnswer) throws -> BalancerSnapshot {
        try HAProxyCSVParser.parse(Array(text.utf8), source: "lb", takenAt: Timestamp(millisecondsSinceEpoch: 0), monotonicTime: 0, previousAnswer: &strings)
    }

    /// Where a string's bytes live (nil for one stored inline).
    static func storage(_ text: String) -> UnsafePointer<UInt8>? {
        text.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
    }

    @Test func theSameRowsReuseThePreviousPollsStrings() throws {
        var strings = HAProxyPreviousAnswer()
        let first = try Self.parse(Self.table(Self.rows), &strings)
        #expect(strings.count == 3)
        // A later poll: other numbers, same names and addresses in the same rows.
        let second = try Self.parse(Self.table(Self.rows.map { ($0.name, $0.address, $0.weight + 1) }), &strings)
        for (before, after) in zip(first.pools[0].instances, second.pools[0].instances) {
            #expect(after.name == before.name)
            #expect(Self.storage(after.name) != nil && Self.storage(after.name) == Self.storage(before.name))
            #expect(Self.storage(after.address ?? "") == Self.storage(before.address ?? ""))
        }
        #expect(second.pools[0].instances.map(\.effectiveWeight) == [2, 11, 2])

        // Without the previous poll's strings every name is a new string.
        var fresh = HAProxyPreviousAnswer()
        let third = try Self.parse(Self.table(Self.rows), &fresh)
        #expect(Self.storage(third.pools[0].instances[0].name) != Self.storage(first.pools[0].instances[0].name))
    }

    @Test func aRenamedMovedOrNewRowGetsItsOwnText() throws {
        var strings = HAProxyPreviousAnswer()
        _ = try Self.parse(Self.table(Self.rows), &strings)
        // Row 0 renamed (same length), a new row first (the others move down one), one more at the end.
        let changed = [
            (name: "payments-api-eu-west-1c-09", address: "10.20.30.109:8443", weight: 3),
            (name: "payments-api-eu-west-1a-0X", address: "10.20.30.101:8443", weight: 1),
        ] + Self.rows.dropFirst() + [(name: "payments-api-eu-west-1c-04", address: "10.20.30.104:8443", weight: 1)]
        let second = try Self.parse(Self.table(changed), &strings)
        var plain = HAProxyPreviousAnswer()
        let expected = try Self.parse(Self.table(changed), &plain)
        #expect(second.pools[0].instances.map(\.name) == changed.map(\.name))
        #expect(second.pools[0].instances.map(\.address) == changed.map { Optional($0.address) })
        #expect(second == expected)
        #expect(strings.count == 5)
    }

    @Test func escapedAndQuotedNamesAreNeverTakenForTheirBytes() throws {
        var strings = HAProxyPreviousAnswer()
        let raw = "# pxname,svname,status,weight,type,\napi,\u{1B}[31mred-server-name-01,UP,1,2,\napi,\"quoted,name-long-enough\",UP,1,2,\napi,BACKEND,UP,2,1,\n"
        let first = try Self.parse(raw, &strings)
        #expect(first.pools[0].instances.map(\.name) == ["^[[31mred-server-name-01", "quoted,name-long-enough"])
        // The escaped text itself arriving as bytes is a different name, read as such.
        let spoof = raw.replacingOccurrences(of: "\u{1B}[31m", with: "^[[31m")
        let second = try Self.parse(spoof, &strings)
        #expect(second.pools[0].instances.map(\.name) == ["^[[31mred-server-name-01", "quoted,name-long-enough"])
        let third = try Self.parse(raw, &strings)
        #expect(third.pools[0].instances.map(\.name) == first.pools[0].instances.map(\.name))
    }

    @Test func aFailedParseKeepsTheLastGoodStrings() throws {
        var strings = HAProxyPreviousAnswer()
        _ = try Self.parse(Self.table(Self.rows), &strings)
        #expect(throws: HAProxyCSVError.self) { _ = try Self.parse("<html>nope</html>\n", &strings) }
        #expect(strings.count == 3)
        let again = try Self.parse(Self.table(Self.rows), &strings)
        #expect(again.pools[0].instances.map(\.name) == Self.rows.map(\.name))
    }

    @Test func theHeaderIsReusedOnlyWhileItsLineIsTheSame() throws {
        var strings = HAProxyPreviousAnswer()
        let first = try Self.parse("# pxname,svname,status,weight,type,\napi,a,UP,5,2,\napi,BACKEND,UP,5,1,\n", &strings)
        #expect(first.instance(pool: "api", name: "a")?.effectiveWeight == 5)
        // Columns swapped (another HAProxy version behind the same address): read by name again.
        let swapped = try Self.parse("# pxname,svname,weight,status,type,\napi,a,7,DOWN,2,\napi,BACKEND,0,DOWN,1,\n", &strings)
        #expect(swapped.instance(pool: "api", name: "a")?.effectiveWeight == 7)
        #expect(swapped.instance(pool: "api", name: "a")?.status == .down)
        // The same line after blank lines: the rows start where this answer's header ends.
        let shifted = try Self.parse("\n\n# pxname,svname,weight,status,type,\napi,a,3,UP,2,\napi,BACKEND,3,UP,1,\n", &strings)
        #expect(shifted.instance(pool: "api", name: "a")?.effectiveWeight == 3)
        #expect(shifted.instance(pool: "api", name: "a")?.status == .up)
        // A header line that lost a required column is refused even after a good one.
        #expect(throws: HAProxyCSVError.missingColumns(["status"])) {
            _ = try Self.parse("# pxname,svname,weight,type,\napi,a,3,2,\n", &strings)
        }
    }
}
