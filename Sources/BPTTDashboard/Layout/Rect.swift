/// A rectangle of cells; widgets draw inside one and never look outside it.
struct Rect: Equatable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    var maxX: Int { x + width }
    var maxY: Int { y + height }
    var isEmpty: Bool { width == 0 || height == 0 }

    func inset(by n: Int) -> Rect {
        Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n)
    }

    /// The first `rows` rows (at most all of them) and what is left below.
    func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let h = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }

    /// The last `rows` rows (at most all of them) and what is left above.
    func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let h = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - h), Rect(x: x, y: maxY - h, width: width, height: h))
    }

    /// The first `columns` columns (at most all of them) and what is left to the right.
    func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let w = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: w, height: height), Rect(x: x + w, y: y, width: width - w, height: height))
    }

    /// A rectangle of the given size centred in this one (clipped to it).
    func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
}
