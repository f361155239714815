/// Sizes of the Elman RNN language model: vocabulary V (one-hot inputs and outputs), hidden size H,
/// and the output layer: the full softmax over V (`classes == nil`), or the class-factored softmax
/// P(w|s) = P(class(w)|s) · P(w|class(w), s) over these word classes (see `ClassSoftmaxLayer`).
public struct RNNShape: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var vocabulary: Int
    public var hidden: Int
    public var classes: WordClasses?

    public init(vocabulary: Int, hidden: Int, classes: WordClasses? = nil) {
        self.vocabulary = vocabulary
        self.hidden = hidden
        self.classes = classes
    }

    /// Number of word classes C (0 with the full softmax).
    public var classCount: Int { classes?.count ?? 0 }

    /// U (V x H as an embedding table) + W (H x H) + b (H) + V (V x H) + c (V), and with classes the
    /// class weights (C x H) and biases (C).
    public var parameterCount: Int {
        vocabulary * hidden + hidden * hidden + hidden + vocabulary * hidden + vocabulary + classCount * (hidden + 1)
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
        "V=\(vocabulary) H=\(hidden)" + (classes.map { " C=\($0.count)" } ?? "")
    }
}
