import Testing
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
        #expect(NumberFormat.compact(.nan) == "NaN")
        #expect(NumberFormat.compact(.infinity) == "∞")
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
