/// The rows of the row-indexed tensors that one update's gradient can be nonzero in, and so the only
/// rows that its clipping, optimizer step, zeroing and divergence guard need to visit (sparse updates,
/// as rnnlm makes them):
/// - U (the input embedding, one row per token): the rows of the window's input tokens, history
///   steps included (their errors reach U too);
/// - V and c with word classes: the rows (slots) of the target words' classes, each class a contiguous
///   block of slots. With the full softmax every output row has a gradient: all of them.
/// W, b, classV and classC are small and always visited whole. `all` lists every row (the dense path).
public struct TouchedRows: Sendable, Equatable {
    /// Sorted, disjoint ranges of U's rows (token ids).
    public var input: [Range<Int>]
    /// Sorted, disjoint ranges of V's rows and c's entries (slots).
    public var output: [Range<Int>]

    public init(input: [Range<Int>], output: [Range<Int>]) {
        self.input = input
        self.output = output
    }

    /// Every row of every tensor.
    public static func all(_ shape: RNNShape) -> TouchedRows {
        TouchedRows(input: [0..<shape.vocabulary], output: [0..<shape.vocabulary])
    }

    /// How a tensor is split into rows: U has a row per token of width G·H (the cell's gate width), V
    /// a row per slot of width H, c an entry per slot; the rest count as one dense block.
    public enum Layout: Sendable {
        case input(width: Int)
        case output(width: Int)
        case dense
    }

    public static func layout(ofTensor name: String, shape: RNNShape) -> Layout {
        switch name {
        case "U": return .input(width: shape.gateWidth)
        case "V": return .output(width: shape.hidden)
        case "c": return .output(width: 1)
        default: return .dense
        }
    }

    /// Calls `body` with each touched element range of a tensor of `count` elements, in order.
    @inline(__always)
    public func forEachSpan(of layout: Layout, count: Int, _ body: (Range<Int>) -> Void) {
        switch layout {
        case .dense:
            if count > 0 { body(0..<count) }
        case .input(let width):
            for rows in input { body(rows.lowerBound * width..<rows.upperBound * width) }
        case .output(let width):
            for rows in output { body(rows.lowerBound * width..<rows.upperBound * width) }
        }
    }

    /// Number of rows listed (input, output).
    public var rowCounts: (input: Int, output: Int) {
        (input.reduce(0) { $0 + $1.count }, output.reduce(0) { $0 + $1.count })
    }
}

/// Builds `TouchedRows` for one update from its tokens, reusing its marks (no allocation beyond the
/// result's two small arrays).
public final class TouchedRowsBuilder: @unchecked Sendable {
    public let shape: RNNShape
    private var tokenMarks: [UInt32]
    private var classMarks: [UInt32]
    private var generation: UInt32 = 0
    private var tokens: [Int32] = []
    private var classes: [Int32] = []

    public init(shape: RNNShape) {
        self.shape = shape
        tokenMarks = [UInt32](repeating: 0, count: shape.vocabulary)
        classMarks = [UInt32](repeating: 0, count: shape.classCount)
    }

    /// The rows an update over windows with these input and target tokens can touch. `inputs` are
    /// every input token of the window (history steps included), `targets` every target token of
    /// its outputs (masked ones included: a superset is harmless). Tokens must be valid ids.
    public func rows(inputs: [UnsafeBufferPointer<Int32>], targets: UnsafeBufferPointer<Int32>) -> TouchedRows {
        nextGeneration()
        tokens.removeAll(keepingCapacity: true)
        for buffer in inputs {
            for token in buffer where tokenMarks[Int(token)] != generation {
                tokenMarks[Int(token)] = generation
                tokens.append(token)
            }
        }
        sortMarked(&tokens, marks: tokenMarks)
        let input = Self.ranges(tokens) { Int($0)..<Int($0) + 1 }
        guard let wordClasses = shape.classes else {
            return TouchedRows(input: input, output: [0..<shape.vocabulary])
        }
        classes.removeAll(keepingCapacity: true)
        for target in targets {
            let k = wordClasses.classOf[Int(target)]
            if classMarks[Int(k)] != generation {
                classMarks[Int(k)] = generation
                classes.append(k)
            }
        }
        classes.sort()
        // Class k's words are the slots starts[k]..<starts[k + 1]: consecutive classes merge.
        let output = Self.ranges(classes) { wordClasses.starts[Int($0)]..<wordClasses.starts[Int($0) + 1] }
        return TouchedRows(input: input, output: output)
    }

    /// Sorts the ids marked with the current generation: by a scan of the marks when they are more
    /// than 1 in 16 of them (a word update marks ~1000 of 10k words: one pass over 10k marks instead
    /// of a comparison sort), else by sorting.
    private func sortMarked(_ ids: inout [Int32], marks: [UInt32]) {
        guard ids.count * 16 > marks.count else { return ids.sort() }
        ids.removeAll(keepingCapacity: true)
        for id in marks.indices where marks[id] == generation { ids.append(Int32(id)) }
    }

    private func nextGeneration() {
        if generation == UInt32.max {
            generation = 0
            for i in tokenMarks.indices { tokenMarks[i] = 0 }
            for i in classMarks.indices { classMarks[i] = 0 }
        }
        generation += 1
    }

    /// Sorted ids to merged ranges.
    private static func ranges(_ sorted: [Int32], _ range: (Int32) -> Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for id in sorted {
            let next = range(id)
            if let last = result.last, last.upperBound == next.lowerBound {
                result[result.count - 1] = last.lowerBound..<next.upperBound
            } else if !next.isEmpty {
                result.append(next)
            }
        }
        return result
    }
}

extension RNNParameters {
    /// Zeroes the rows `rows` lists (and the dense tensors): a gradient accumulator that held only
    /// those rows' gradients is all zeros again.
    public mutating func zero(rows: TouchedRows) {
        let shape = self.shape
        withTensors { name, values in
            let layout = TouchedRows.layout(ofTensor: name, shape: shape)
            values.withUnsafeMutableBufferPointer { buffer in
                rows.forEachSpan(of: layout, count: buffer.count) { span in
                    (buffer.baseAddress! + span.lowerBound).zeroFill(count: span.count)
                }
            }
        }
    }

    /// self += other over the rows `rows` lists (and the dense tensors).
    public mutating func add(_ other: RNNParameters<T>, rows: TouchedRows) {
        forEachSpan(with: other, rows: rows) { target, source, count in
            T.axpy(count: count, alpha: 1, x: source, y: target)
        }
    }

    /// self = other over the rows `rows` lists (and the dense tensors); same shapes.
    public mutating func copyRows(from other: RNNParameters<T>, rows: TouchedRows) {
        forEachSpan(with: other, rows: rows) { target, source, count in target.update(from: source, count: count) }
    }

    /// Each touched span of each tensor of self, beside the same span of `other`.
    private mutating func forEachSpan(with other: RNNParameters<T>, rows: TouchedRows,
                                      _ body: (UnsafeMutablePointer<T>, UnsafePointer<T>, Int) -> Void) {
        let shape = self.shape
        withTensorPairs(other) { name, values, source in
            let layout = TouchedRows.layout(ofTensor: name, shape: shape)
            values.withUnsafeMutableBufferPointer { target in
                source.withUnsafeBufferPointer { source in
                    rows.forEachSpan(of: layout, count: target.count) { span in
                        body(target.baseAddress! + span.lowerBound, source.baseAddress! + span.lowerBound, span.count)
                    }
                }
            }
        }
    }

    /// Each tensor of self beside the same tensor of `other`, in `tensorNames` order (fields read
    /// directly: no key path is built per call).
    private mutating func withTensorPairs(_ other: RNNParameters<T>, _ body: (String, inout [T], [T]) -> Void) {
        body("U", &U, other.U)
        body("W", &W, other.W)
        body("b", &b, other.b)
        body("V", &V, other.V)
        body("c", &c, other.c)
        if shape.classes != nil {
            body("classV", &classV, other.classV)
            body("classC", &classC, other.classC)
        }
    }
}
