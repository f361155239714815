/// Words binned into classes by unigram frequency, as Mikolov's rnnlm does (`-class C`): with the words
/// sorted by count (descending, ties by id) and the running share df = (share so far) / total, a word
/// goes to the current class a, and a moves on (up to C - 1) once df > (a + 1) / C. The share of a word
/// is its count (`Binning.frequency`, rnnlm's `-old-classes`: each class holds ~1/C of the text, so a
/// prediction's class has ~V/C words on average however skewed the counts) or the square root of its
/// count (`Binning.sqrt`, rnnlm 0.4b's default: frequent words share classes, rare words get more,
/// smaller classes; on a Zipf text a prediction's class is several times smaller and an update
/// touches about half the output rows).
/// Classes that end up empty (the class moves on by at most one a word, so when frequent words cover
/// several 1/C shares the last classes get no words) are dropped, so every
/// class has at least one word and P(w|s) = P(class(w)|s) P(w|class(w), s) sums to exactly 1.
///
/// The class output layer stores its word rows in `members` order ("slots"): class k's words are the
/// contiguous rows starts[k]..<starts[k + 1] of its weights, so one product covers a class.
/// Codable as `classOf` alone (the rest follows from it).
public struct WordClasses: Sendable, Hashable, Codable {
    /// The class of each word id.
    public let classOf: [Int32]
    /// Word ids grouped by class; class k's words are members[starts[k]..<starts[k + 1]], by id.
    public let members: [Int32]
    public let starts: [Int]
    /// The slot of each word id: its index in `members` (the word's row of the output weights).
    public let slotOf: [Int32]

    public var count: Int { starts.count - 1 }
    public var vocabulary: Int { classOf.count }
    public func size(of k: Int) -> Int { starts[k + 1] - starts[k] }
    public var largestClass: Int { (0..<count).map(size(of:)).max() ?? 0 }

    /// What a word's share of the text is when the classes are cut: its count, or its square root.
    public enum Binning: String, Sendable, Codable, CaseIterable {
        case sqrt, frequency

        func share(_ count: Int) -> Double {
            let n = Double(max(0, count))
            return self == .sqrt ? n.squareRoot() : n
        }
    }

    /// rnnlm's binning of words with these training counts into at most `classes` classes.
    public init(counts: [Int], classes: Int, binning: Binning) {
        precondition(!counts.isEmpty && classes >= 1, "WordClasses needs words and at least one class")
        let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        let total = max(1, counts.reduce(0.0) { $0 + binning.share($1) })
        var assigned = [Int32](repeating: 0, count: counts.count)
        var a = 0, df = 0.0
        for word in order {
            df = min(1, df + binning.share(counts[word]) / total)
            assigned[word] = Int32(a)
            if df > Double(a + 1) / Double(classes) && a < classes - 1 { a += 1 }
        }
        self.init(uncheckedClassOf: assigned)
    }

    /// Classes given word by word (e.g. from a checkpoint); ids are renumbered densely in order of
    /// first use by ascending class id, so empty classes disappear. Throws on a negative class.
    public init(classOf: [Int32]) throws {
        guard !classOf.isEmpty else { throw LabError("word classes need at least one word") }
        if let bad = classOf.firstIndex(where: { $0 < 0 }) {
            throw LabError("word \(bad) has a negative class \(classOf[bad])")
        }
        self.init(uncheckedClassOf: classOf)
    }

    private init(uncheckedClassOf raw: [Int32]) {
        let used = Set(raw).sorted()
        let dense = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, Int32($0)) })
        classOf = raw.map { dense[$0]! }
        var starts = [Int](repeating: 0, count: used.count + 1)
        for k in classOf { starts[Int(k) + 1] += 1 }
        for k in 0..<used.count { starts[k + 1] += starts[k] }
        var next = starts
        var members = [Int32](repeating: 0, count: raw.count)
        for (word, k) in classOf.enumerated() {
            members[next[Int(k)]] = Int32(word)
            next[Int(k)] += 1
        }
        self.members = members
        self.starts = starts
        var slotOf = [Int32](repeating: 0, count: raw.count)
        for (slot, word) in members.enumerated() { slotOf[Int(word)] = Int32(slot) }
        self.slotOf = slotOf
    }

    public static func == (lhs: WordClasses, rhs: WordClasses) -> Bool { lhs.classOf == rhs.classOf }
    public func hash(into hasher: inout Hasher) { hasher.combine(classOf) }

    public init(from decoder: any Decoder) throws {
        let classOf = try decoder.singleValueContainer().decode([Int32].self)
        do { try self.init(classOf: classOf) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(classOf)
    }
}
