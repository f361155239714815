/// How much of an area one part of a split takes, as in ratatui's `Layout`: a fixed size, a share
/// of the area, or what is left. Shares round down; fills take the remainder, so parts that fit
/// always tile the area exactly.
enum Constraint: Equatable, Sendable {
    /// Exactly this many cells.
    case length(Int)
    /// This many cells at least, and a fill's share of what is left.
    case min(Int)
    /// `p` percent of the area (0 to 100), rounded down.
    case percentage(Int)
    /// `numerator / denominator` of the area (at most all of it), rounded down.
    case ratio(Int, Int)
    /// What the other parts leave, shared evenly with the other fills (the first ones get the odd cells).
    case fill
    /// The larger of a minimum and the constraint's own size: `.ratio(2, 5).atLeast(8)`.
    indirect case atLeastOf(Int, Constraint)
    /// The smaller of a maximum and the constraint's own size: `.ratio(1, 2).atMost(6)`. A capped
    /// constraint does not grow, so the cap holds.
    indirect case atMostOf(Int, Constraint)

    /// This constraint, but never fewer than `cells`.
    func atLeast(_ cells: Int) -> Constraint { .atLeastOf(cells, self) }

    /// This constraint, but never more than `cells`.
    func atMost(_ cells: Int) -> Constraint { .atMostOf(cells, self) }

    /// The size it asks for in an area of `total` cells, before any fill grows.
    func base(in total: Int) -> Int {
        switch self {
        case .length(let n), .min(let n): return Swift.max(0, n)
        case .percentage(let p): return total * Swift.min(Swift.max(0, p), 100) / 100
        case .ratio(let n, let d): return d > 0 ? Swift.max(0, total * Swift.min(Swift.max(0, n), d) / d) : 0
        case .fill: return 0
        case .atLeastOf(let n, let inner): return Swift.max(Swift.max(0, n), inner.base(in: total))
        case .atMostOf(let n, let inner): return Swift.min(Swift.max(0, n), inner.base(in: total))
        }
    }

    /// Whether it takes a share of the space the others leave.
    var grows: Bool {
        switch self {
        case .min, .fill: return true
        case .atLeastOf(_, let inner): return inner.grows
        case .length, .percentage, .ratio, .atMostOf: return false
        }
    }

    /// The sizes of the parts along a side of `total` cells. When the parts ask for more than there is,
    /// the first ones keep their size and the later ones are cut (to zero if need be); when they ask
    /// for less and none grows, the rest is left unused after the last.
    static func sizes(_ constraints: [Constraint], total: Int) -> [Int] {
        let total = Swift.max(0, total)
        var sizes = constraints.map { $0.base(in: total) }
        let left = total - sizes.reduce(0, +)
        if left < 0 {
            var remaining = total
            for i in sizes.indices {
                sizes[i] = Swift.min(sizes[i], remaining)
                remaining -= sizes[i]
            }
            return sizes
        }
        let growing = constraints.indices.filter { constraints[$0].grows }
        for (rank, i) in growing.enumerated() {
            sizes[i] += left / growing.count + (rank < left % growing.count ? 1 : 0)
        }
        return sizes
    }
}

/// Which way a split cuts: rows top to bottom, or columns left to right.
enum Axis: Sendable {
    case vertical
    case horizontal
}

extension Rect {
    /// The parts of this rectangle along `axis`, one per constraint, in order and without gaps.
    func split(_ axis: Axis, _ constraints: [Constraint]) -> [Rect] {
        let sizes = Constraint.sizes(constraints, total: axis == .vertical ? height : width)
        var offset = 0
        return sizes.map { size in
            defer { offset += size }
            return axis == .vertical ? Rect(x: x, y: y + offset, width: width, height: size)
                                     : Rect(x: x + offset, y: y, width: size, height: height)
        }
    }
}
