/// Lays `itemCount` items (time steps) across at most `available` columns: each item gets the same
/// whole number of columns (up to `maxColumnsPerItem`) when they fit, otherwise consecutive items share
/// a column. Bars, heat map and axis of the gradient panel use one map so their columns line up.
struct ColumnMap: Equatable, Sendable {
    let itemCount: Int
    /// Columns actually used (<= available), counted from the left of the drawing area.
    let usedColumns: Int
    /// Columns per item when items fit (>= 1); 0 when items are bucketed.
    let columnsPerItem: Int

    init(itemCount: Int, available: Int, maxColumnsPerItem: Int = 3) {
        self.itemCount = max(0, itemCount)
        let available = max(0, available)
        if self.itemCount == 0 || available == 0 {
            columnsPerItem = 1
            usedColumns = 0
        } else if self.itemCount <= available {
            columnsPerItem = max(1, min(maxColumnsPerItem, available / self.itemCount))
            usedColumns = self.itemCount * columnsPerItem
        } else {
            columnsPerItem = 0
            usedColumns = available
        }
    }

    /// The items shown in column `column` (0 ..< usedColumns), never empty.
    func items(inColumn column: Int) -> Range<Int> {
        guard column >= 0, column < usedColumns else { return 0..<0 }
        if columnsPerItem > 0 {
            let item = column / columnsPerItem
            return item..<(item + 1)
        }
        let start = column * itemCount / usedColumns
        let end = max(start + 1, (column + 1) * itemCount / usedColumns)
        return start..<end
    }

    /// The first column that shows `item`.
    func column(ofItem item: Int) -> Int {
        guard itemCount > 0 else { return 0 }
        let item = min(max(0, item), itemCount - 1)
        if columnsPerItem > 0 { return item * columnsPerItem }
        // The last column whose first item is <= item (columns start at floor(c * items / used)).
        return ((item + 1) * usedColumns + itemCount - 1) / itemCount - 1
    }
}
