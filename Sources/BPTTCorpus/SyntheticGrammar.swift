/// The fixed parts of the built-in language: its letters and the filler between the keys.
enum SyntheticGrammar {
    static let consonants = ["b", "d", "f", "g", "k", "l", "m", "n"]
    static let vowel = "a"
    /// The vowels distractor slots draw from (the first M of them).
    static let vowels = ["a", "e", "i", "o", "u"]

    /// The d - 1 filler characters: consonants from `consonantTemplate` alternating with "a",
    /// starting with a consonant ("badafagak…").
    static func filler(distance: Int) -> [String] {
        let template = consonantTemplate(slots: distance / 2)   // ceil((d - 1) / 2) consonant slots
        return (0..<(distance - 1)).map { $0 % 2 == 0 ? consonants[template[$0 / 2]] : vowel }
    }

    /// Consonant indices for `slots` consonant slots: a prefix of a linearised de Bruijn sequence
    /// of the smallest order m that is long enough, so every run of m consecutive consonants occurs
    /// once and the last m consonants tell the position in the sentence (a clock that needs only
    /// short context). m = 1 up to 8 slots (d <= 17), 2 up to 65 (d <= 131), 3 up to 514.
    static func consonantTemplate(slots: Int) -> [Int] {
        let k = consonants.count
        var order = 1
        var power = k
        while power + order - 1 < slots { order += 1; power *= k }
        let sequence = deBruijn(alphabet: k, order: order)
        let linear = sequence + sequence.prefix(order - 1)
        return Array(linear.prefix(slots))
    }

    /// The de Bruijn sequence B(k, n) by the Fredricksen–Kessler–Maiorana construction
    /// (concatenated Lyndon words in lexicographic order).
    static func deBruijn(alphabet k: Int, order n: Int) -> [Int] {
        var sequence: [Int] = []
        var word = [Int](repeating: 0, count: n + 1)
        func extend(_ t: Int, _ p: Int) {
            if t > n {
                if n % p == 0 { sequence.append(contentsOf: word[1...p]) }
                return
            }
            word[t] = word[t - p]
            extend(t + 1, p)
            if word[t - p] + 1 < k {
                for value in (word[t - p] + 1)..<k {
                    word[t] = value
                    extend(t + 1, t)
                }
            }
        }
        extend(1, 1)
        return sequence
    }
}
