import Testing
@testable import BPTTDashboard

@Suite struct ColumnMapTests {
    @Test func fewItemsGetEqualWidths() {
        let map = ColumnMap(itemCount: 4, available: 10, maxColumnsPerItem: 3)
        #expect(map.columnsPerItem == 2)
        #expect(map.usedColumns == 8)
        #expect(map.items(inColumn: 3) == 1..<2)
        #expect(map.column(ofItem: 3) == 6)
        #expect(ColumnMap(itemCount: 2, available: 40).columnsPerItem == 3, "capped")
    }

    @Test func manyItemsShareColumnsAndEveryItemIsShownOnce() {
        for items in [7, 20, 64, 101] {
            for available in [1, 3, 6, 19] where items > available {
                let map = ColumnMap(itemCount: items, available: available)
                #expect(map.usedColumns == available)
                var seen: [Int] = []
                for column in 0..<available {
                    let range = map.items(inColumn: column)
                    #expect(!range.isEmpty)
                    seen += Array(range)
                }
                #expect(seen == Array(0..<items), "\(items) items in \(available) columns")
                for item in 0..<items {
                    #expect(map.items(inColumn: map.column(ofItem: item)).contains(item))
                }
            }
        }
    }

    @Test func emptyInputs() {
        #expect(ColumnMap(itemCount: 0, available: 10).usedColumns == 0)
        #expect(ColumnMap(itemCount: 5, available: 0).usedColumns == 0)
        #expect(ColumnMap(itemCount: 5, available: 0).items(inColumn: 0).isEmpty)
    }
}
