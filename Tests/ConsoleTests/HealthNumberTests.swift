@testable import Console
import Testing

/// The health table's numbers written in place read as the interpolated ones did.
@Suite struct HealthNumberTests {
    @Test func percentAndRateMatchTheirSpelledOutForms() {
        for value in [0, 0.04, 0.05, 0.4, 1, 4.95, 5, 9.94, 9.96, 10, 41.2, 83.333, 100, 1234.5] {
            let rounded = Int((value * 10).rounded())
            let expectedPercent = value >= 10 || value == 0 ? "\(Int(value.rounded()))%" : "\(rounded / 10).\(rounded % 10)%"
            #expect(Painter.percent(value) == expectedPercent, "\(value)")
        }
        for value in [0, 0.05, 1.5, 12.5, 99.94, 99.96, 100, 150, 9_999.4, 10_000, 12_345, 2_000_000] {
            let rounded = Int((value * 10).rounded())
            let expected = value >= 10_000 ? "\(Int(value / 1000))k" : (value >= 100 ? "\(Int(value.rounded()))" : "\(rounded / 10).\(rounded % 10)")
            #expect(Painter.rate(value) == expected, "\(value)")
        }
    }
}
