import Testing
@testable import BPTTDashboard

@Suite struct AxisTicksTests {
    @Test func niceSteps() {
        #expect(AxisTicks.niceStep(atLeast: 0.62) == 1)
        #expect(AxisTicks.niceStep(atLeast: 1.2) == 2)
        #expect(AxisTicks.niceStep(atLeast: 3) == 5)
        #expect(AxisTicks.niceStep(atLeast: 480) == 500)
        #expect(abs(AxisTicks.niceStep(atLeast: 0.013) - 0.02) < 1e-12)
        #expect(AxisTicks.niceStep(atLeast: 100) == 100)
    }

    @Test func looseLinearTicksWidenTheRangeToWholeSteps() {
        let spec = AxisTicks.linear(lo: 1.23, hi: 3.71, maxCount: 5, loose: true)
        #expect(spec.ticks.map(\.value) == [1, 2, 3, 4])
        #expect(spec.ticks.map(\.label) == ["1", "2", "3", "4"])
        #expect(spec.lo == 1 && spec.hi == 4)
    }

    @Test func decimalsFollowTheStep() {
        let spec = AxisTicks.linear(lo: 0, hi: 1, maxCount: 6, loose: true)
        #expect(spec.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let half = AxisTicks.linear(lo: 1.02, hi: 3.6, maxCount: 7, loose: true)
        #expect(half.ticks.map(\.label) == ["1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0"])
    }

    @Test func tightLinearTicksStayInsideTheData() {
        let spec = AxisTicks.linear(lo: 10, hi: 2390, maxCount: 6, loose: false)
        #expect(spec.lo == 10 && spec.hi == 2390)
        #expect(spec.ticks.map(\.label) == ["0.5k", "1k", "1.5k", "2k"])
        let fromZero = AxisTicks.linear(lo: 0, hi: 2000, maxCount: 3, loose: false)
        #expect(fromZero.ticks.map(\.label) == ["0", "1k", "2k"])
    }

    @Test func tickCountNeverExceedsTheLimit() {
        for maxCount in 2...9 {
            for (lo, hi) in [(0.0, 1.0), (-3.7, 12.2), (0.001, 0.0043), (1e5, 3.3e6), (17.0, 18.0)] {
                for loose in [true, false] {
                    let spec = AxisTicks.linear(lo: lo, hi: hi, maxCount: maxCount, loose: loose)
                    #expect(spec.ticks.count <= maxCount, "\(lo)...\(hi) max \(maxCount) loose \(loose)")
                    #expect(spec.ticks.allSatisfy { $0.value >= spec.lo - 1e-9 && $0.value <= spec.hi + 1e-9 }, "\(spec)")
                }
            }
        }
    }

    @Test func flatAndNonFiniteRangesStillGiveAnAxis() {
        let flat = AxisTicks.linear(lo: 5, hi: 5, maxCount: 4, loose: true)
        #expect(flat.hi > flat.lo)
        #expect(flat.ticks.count >= 2)
        let broken = AxisTicks.linear(lo: .nan, hi: .infinity, maxCount: 4, loose: true)
        #expect(broken.lo == 0 && broken.hi == 1)
        let log = AxisTicks.logarithmic(lo: -1, hi: 0, maxCount: 4)
        #expect(log.lo > 0 && log.hi > log.lo)
    }

    @Test func logTicksArePowersOfTenOverManyDecades() {
        let spec = AxisTicks.logarithmic(lo: 0.0013, hi: 7.5, maxCount: 6)
        #expect(spec.scale == .logarithmic)
        #expect(spec.ticks.map(\.label) == ["1e-3", "0.01", "0.1", "1", "10"])
        #expect(spec.lo == 0.001 && spec.hi == 10)
        let fraction = spec.fraction(0.1)!
        #expect(abs(fraction - 0.5) < 1e-12)
    }

    @Test func logTicksSkipDecadesWhenCrowded() {
        let spec = AxisTicks.logarithmic(lo: 1e-8, hi: 1, maxCount: 5)
        #expect(spec.ticks.count <= 5)
        #expect(spec.ticks.first?.value == 1e-8 && spec.ticks.last?.value == 1)
    }

    @Test func logTicksAdd2And5WhenThereIsRoom() {
        let spec = AxisTicks.logarithmic(lo: 1.5, hi: 40, maxCount: 10)
        // 50 lies beyond the data (40) and is left out; the decade ends stay.
        #expect(spec.ticks.map(\.label) == ["1", "2", "5", "10", "20", "100"])
    }

    @Test func logWithinOneDecadeUsesLinearValuesPlacedLogarithmically() {
        let spec = AxisTicks.logarithmic(lo: 1.2, hi: 3.6, maxCount: 6)
        #expect(spec.scale == .logarithmic)
        #expect(spec.ticks.map(\.label) == ["1", "2", "3", "4"])
        #expect(spec.ticks.map(\.value) == [1, 2, 3, 4])
        let f2 = spec.fraction(2)!, f3 = spec.fraction(3)!
        #expect(f2 - spec.fraction(1)! > f3 - f2, "log spacing shrinks upwards")
    }

    @Test func timeTicksUseClockSteps() {
        let spec = AxisTicks.time(lo: 0, hi: 754.2, maxCount: 7)
        #expect(spec.ticks.map(\.label) == ["0:00", "2:00", "4:00", "6:00", "8:00", "10:00", "12:00"])
        let hours = AxisTicks.time(lo: 0, hi: 9000, maxCount: 4)
        #expect(hours.ticks.map(\.label) == ["0h00", "1h00", "2h00"])
        let flat = AxisTicks.time(lo: 0, hi: 0, maxCount: 3)
        #expect(flat.hi > flat.lo)
    }

    @Test func fractionOfAnUnplaceableValueIsNil() {
        let log = AxisSpec(lo: 1, hi: 100, scale: .logarithmic, ticks: [])
        #expect(log.fraction(0) == nil)
        #expect(log.fraction(-3) == nil)
        #expect(log.fraction(.nan) == nil)
        #expect(log.fraction(10) == 0.5)
        let linear = AxisSpec(lo: 0, hi: 4, scale: .linear, ticks: [])
        #expect(linear.fraction(1) == 0.25)
        #expect(linear.fraction(.infinity) == nil)
    }
}
