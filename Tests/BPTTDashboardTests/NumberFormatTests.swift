import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

@Suite struct NumberFormatTests {
    @Test func compactNumbers() {
        #expect(NumberFormat.compact(48_210) == "48.2k")
        #expect(NumberFormat.compact(999) == "999")
        #expect(NumberFormat.compact(1_000) == "1k")
        #expect(NumberFormat.compact(2_500_000) == "2.5M")
        #expect(NumberFormat.compact(0.05) == "0.05")
        #expect(NumberFormat.compact(3.14159) == "3.14")
        #expect(NumberFormat.compact(0.0003) == "3e-4")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(.nan) == "nan")
        #expect(NumberFormat.compact(.infinity) == "inf")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
        #expect(NumberFormat.compact(2.5e10) == "2.5e10")
        #expect(NumberFormat.compact(-3.2e-9) == "-3.2e-9")
    }

    /// The other formatters hand what they cannot show briefly to `compact`: a diverged perplexity
    /// (exp of a large loss) is never printed with all its digits.
    @Test func hugeAndNonFiniteValuesAreShortEverywhere() {
        let huge = exp(415.0) // ~1.7e180
        for text in [NumberFormat.fixed(huge, decimals: 2), NumberFormat.trimmed(huge, significant: 3),
                     NumberFormat.compact(huge), NumberFormat.scientific(huge)] {
            #expect(text.count <= 8, "\(text)")
            #expect(text.contains("e180"))
        }
        #expect(NumberFormat.fixed(3_694_741.19, decimals: 2) == "3.69M")
        #expect(NumberFormat.fixed(.infinity, decimals: 2) == "inf")
        #expect(NumberFormat.fixed(.nan, decimals: 1) == "nan")
        #expect(NumberFormat.trimmed(-.infinity, significant: 3) == "-inf")
        #expect(NumberFormat.fixed(1.156, decimals: 2) == "1.16", "ordinary values are unchanged")
        #expect(NumberFormat.fixed(999_499, decimals: 0) == "999499")
    }

    @Test func theStatusLineShowsADivergedPerplexityBriefly() {
        var snapshot = Fixtures.training
        snapshot.validLoss.append(LossPoint(step: 2400, seconds: 760, loss: 415))
        let grid = DashboardRenderer.render(snapshot: snapshot, run: Fixtures.run, view: Fixtures.view, width: 120, height: 40)
        #expect(grid.line(0).contains("ppl 1.7e180"), "\(grid.line(0))")
        snapshot.validLoss.append(LossPoint(step: 2410, seconds: 761, loss: .infinity))
        let infinite = DashboardRenderer.render(snapshot: snapshot, run: Fixtures.run, view: Fixtures.view, width: 120, height: 40)
        #expect(infinite.line(0).contains("ppl inf"), "\(infinite.line(0))")
    }

    @Test func scientific() {
        #expect(NumberFormat.scientific(3e-7) == "3e-7")
        #expect(NumberFormat.scientific(3.14e-7) == "3.1e-7")
        #expect(NumberFormat.scientific(9.96e-5) == "1e-4")
        #expect(NumberFormat.scientific(-2.5e3) == "-2.5e3")
        #expect(NumberFormat.scientific(0) == "0")
    }

    @Test func clockAndAxisTime() {
        #expect(NumberFormat.clock(754.2) == "0:12:34")
        #expect(NumberFormat.clock(3 * 3600 + 5) == "3:00:05")
        #expect(NumberFormat.clock(-4) == "0:00:00")
        #expect(NumberFormat.clock(.nan) == "0:00:00")
        #expect(NumberFormat.axisTime(90, hourScale: false) == "1:30")
        #expect(NumberFormat.axisTime(5400, hourScale: true) == "1h30")
    }
}
