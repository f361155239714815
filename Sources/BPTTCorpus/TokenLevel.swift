/// What one token is: a Unicode scalar (`char`) or a whitespace-separated word (`word`).
public enum TokenLevel: String, Sendable, Codable, CaseIterable {
    case char
    case word
}
