/// "Did you mean …?" for mistyped keys: the closest known key by edit distance, if close enough.
enum KeySuggestion {
    static func closest(to key: String, among candidates: [String]) -> String? {
        // At most 3 edits away: a long word (a pasted value, 100 MB of it) is no typo of a key, and
        // its distance table would take gigabytes.
        guard key.utf8.count <= 64 else { return nil }
        let scored = candidates.map { ($0, distance(key, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(1, min(3, key.count / 3))
        return best.1 <= allowed ? best.0 : nil
    }

    /// Levenshtein distance, counting an adjacent swap as one edit (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
