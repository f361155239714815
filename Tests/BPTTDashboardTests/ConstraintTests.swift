import Testing
@testable import BPTTDashboard

/// The constraint splits the dashboard layout is written in: rounding, minimums, sizes that do not
/// add up, and empty areas.
@Suite struct ConstraintTests {
    @Test func sharesRoundDownAndTheFillTakesTheRemainder() {
        #expect(Constraint.sizes([.ratio(11, 20), .fill], total: 81) == [44, 37])
        #expect(Constraint.sizes([.percentage(40), .fill], total: 19) == [7, 12])
        #expect(Constraint.sizes([.ratio(1, 3), .ratio(1, 3), .ratio(1, 3)], total: 10) == [3, 3, 3])
    }

    @Test func fillsShareEvenlyWithTheOddCellsFirst() {
        #expect(Constraint.sizes([.fill, .length(2), .fill, .fill], total: 13) == [4, 2, 4, 3])
        #expect(Constraint.sizes([.min(5), .fill], total: 9) == [7, 2])
        #expect(Constraint.sizes([.min(8), .fill], total: 5) == [5, 0])
    }

    @Test func aMinimumWinsOverASmallerShareAndLosesToALargerOne() {
        #expect(Constraint.sizes([.fill, .ratio(2, 5).atLeast(8)], total: 19) == [11, 8])
        #expect(Constraint.sizes([.fill, .ratio(2, 5).atLeast(8)], total: 35) == [21, 14])
        #expect(Constraint.sizes([.fill, .ratio(2, 5).atLeast(32)], total: 79) == [47, 32])
        #expect(Constraint.sizes([.fill, .ratio(2, 5).atLeast(32)], total: 120) == [72, 48])
    }

    @Test func aMaximumCapsTheShareAndTheFillTakesTheRest() {
        let bars = Constraint.ratio(1, 2).atLeast(2).atMost(6)
        #expect([3, 5, 11, 12, 13, 30].map { Constraint.sizes([.fill, bars], total: $0) }
                == [[1, 2], [3, 2], [6, 5], [6, 6], [7, 6], [24, 6]])
        #expect(Constraint.sizes([.min(2).atMost(4), .fill], total: 10) == [2, 8], "a capped constraint does not grow")
    }

    @Test func tooLittleRoomCutsTheLaterPartsFirst() {
        #expect(Constraint.sizes([.length(1), .fill, .length(4)], total: 3) == [1, 0, 2])
        #expect(Constraint.sizes([.fill, .ratio(2, 5).atLeast(8)], total: 5) == [0, 5])
        #expect(Constraint.sizes([.length(6), .length(6)], total: 10) == [6, 4])
    }

    @Test func withNothingToGrowTheRestStaysUnused() {
        let parts = Rect(x: 2, y: 1, width: 10, height: 3).split(.horizontal, [.length(3), .percentage(50)])
        #expect(parts == [Rect(x: 2, y: 1, width: 3, height: 3), Rect(x: 5, y: 1, width: 5, height: 3)])
    }

    @Test func outOfRangeSharesAreClamped() {
        #expect(Constraint.sizes([.percentage(150), .fill], total: 10) == [10, 0])
        #expect(Constraint.sizes([.percentage(-5), .ratio(3, 0), .length(-2), .fill], total: 10) == [0, 0, 0, 10])
    }

    @Test func zeroSizeAreasGiveEmptyPartsInPlace() {
        let empty = Rect(x: 4, y: 7, width: 0, height: 0)
        let rows = empty.split(.vertical, [.length(1), .fill, .ratio(1, 2).atLeast(3)])
        #expect(rows.count == 3 && rows.allSatisfy { $0.isEmpty && $0.x == 4 && $0.y == 7 })
        #expect(Rect(x: 0, y: 0, width: 5, height: 2).split(.horizontal, []).isEmpty)
    }

    @Test func splitsTileTheAreaInOrder() {
        let area = Rect(x: 3, y: 2, width: 17, height: 9)
        let rows = area.split(.vertical, [.length(1), .fill, .ratio(1, 3)])
        #expect(rows == [Rect(x: 3, y: 2, width: 17, height: 1), Rect(x: 3, y: 3, width: 17, height: 5),
                         Rect(x: 3, y: 8, width: 17, height: 3)])
        let columns = area.split(.horizontal, [.ratio(11, 20), .fill])
        #expect(columns.map(\.width) == [9, 8] && columns[1].x == 12 && columns.allSatisfy { $0.height == 9 })
    }
}
