/// Sizes of the RNN language model: vocabulary V (one-hot inputs and outputs), hidden size H, the
/// recurrent cell (`CellKind`), and the output layer: the full softmax over V (`classes == nil`), or
/// the class-factored softmax P(w|s) = P(class(w)|s) · P(w|class(w), s) over these word classes (see
/// `ClassSoftmaxLayer`). Decodes without `cell` as Elman (shapes written before cells existed).
public struct RNNShape: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var vocabulary: Int
    public var hidden: Int
    public var classes: WordClasses?
    public var cell: CellKind

    public init(vocabulary: Int, hidden: Int, classes: WordClasses? = nil, cell: CellKind = .elman) {
        self.vocabulary = vocabulary
        self.hidden = hidden
        self.classes = classes
        self.cell = cell
    }

    private enum CodingKeys: String, CodingKey { case vocabulary, hidden, classes, cell }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vocabulary = try container.decode(Int.self, forKey: .vocabulary)
        hidden = try container.decode(Int.self, forKey: .hidden)
        classes = try container.decodeIfPresent(WordClasses.self, forKey: .classes)
        cell = try container.decodeIfPresent(CellKind.self, forKey: .cell) ?? .elman
    }

    /// Elman shapes are written without `cell`, byte for byte as before cells existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabulary, forKey: .vocabulary)
        try container.encode(hidden, forKey: .hidden)
        try container.encodeIfPresent(classes, forKey: .classes)
        if cell != .elman { try container.encode(cell, forKey: .cell) }
    }

    /// Width of the cell's packed gate blocks, G·H: the rows of W and b, and of each row of U.
    public var gateWidth: Int { cell.gateCount * hidden }

    /// Values of one sequence's carried state (H, or 2H for LSTM's (h, c)).
    public var stateWidth: Int { cell.stateWidth(hidden: hidden) }

    /// Number of word classes C (0 with the full softmax).
    public var classCount: Int { classes?.count ?? 0 }

    /// U (V x G·H as an embedding table) + W (G·H x H) + b (G·H) + V (V x H) + c (V), and with classes
    /// the class weights (C x H) and biases (C).
    public var parameterCount: Int {
        vocabulary * gateWidth + gateWidth * hidden + gateWidth + vocabulary * hidden + vocabulary
            + classCount * (hidden + 1)
    }

    /// Throws unless both sizes are positive and small enough for 32-bit BLAS indexing, and the
    /// classes cover exactly this vocabulary.
    public func validate() throws {
        guard vocabulary >= 1 else {
            throw LabError("vocabulary size must be at least 1 (got \(vocabulary))")
        }
        guard hidden >= 1 else { throw LabError("hidden size must be at least 1 (got \(hidden))") }
        let limit = 1 << 20
        guard vocabulary <= limit, hidden <= 1 << 14 else {
            throw LabError("model too large: vocabulary \(vocabulary) (max \(limit)), hidden \(hidden) (max \(1 << 14))")
        }
        if let classes, classes.vocabulary != vocabulary {
            throw LabError("the word classes cover \(classes.vocabulary) words, the vocabulary has \(vocabulary)")
        }
    }

    public var description: String {
        (cell == .elman ? "" : "\(cell.rawValue) ") + "V=\(vocabulary) H=\(hidden)" + (classes.map { " C=\($0.count)" } ?? "")
    }
}
