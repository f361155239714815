/// The one stored form of a truncation, in a checkpoint's config and in every metrics record:
/// `{"mode": "blocks", "k1": 3, "k2": 2}` or `{"mode": "off"}`.
extension Truncation: Codable {
    /// The names of the two modes, as the config's `truncation` key and the stored form spell them.
    public static let blocksName = "blocks"
    public static let offName = "off"

    /// "blocks" or "off".
    public var modeName: String { self == .off ? Self.offName : Self.blocksName }

    private enum CodingKeys: String, CodingKey { case mode, k1, k2 }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try container.decode(String.self, forKey: .mode)
        switch mode {
        case Self.offName:
            self = .off
        case Self.blocksName:
            self = .blocks(k1: try container.decode(Int.self, forKey: .k1), k2: try container.decode(Int.self, forKey: .k2))
        default:
            throw DecodingError.dataCorruptedError(forKey: .mode, in: container,
                                                   debugDescription: "truncation mode '\(mode)' is neither blocks nor off")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modeName, forKey: .mode)
        if case .blocks(let k1, let k2) = self {
            try container.encode(k1, forKey: .k1)
            try container.encode(k2, forKey: .k2)
        }
    }
}
