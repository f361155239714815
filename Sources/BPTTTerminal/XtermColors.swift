/// The RGB values of the xterm 256-colour palette (the numbers `StyleTable` uses), so a picture of the
/// screen shows exactly the colours a 256-colour terminal shows. -1 is the terminal's default colour,
/// which a picture has to choose: light grey text on a near-black background.
public enum XtermColors {
    public struct RGB: Equatable, Sendable {
        public var r: UInt8, g: UInt8, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }

        /// "#rrggbb".
        public var hex: String {
            "#" + [r, g, b].map { v in
                let s = String(v, radix: 16)
                return s.count == 1 ? "0" + s : s
            }.joined()
        }

        /// `self` moved `amount` of the way towards `other` (dim text is drawn as a blend, not opacity).
        public func blended(towards other: RGB, amount: Double) -> RGB {
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * amount).rounded()) }
            return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
        }
    }

    public static let defaultForeground = RGB(0xd0, 0xd0, 0xd0)
    public static let defaultBackground = RGB(0x12, 0x12, 0x12)

    /// xterm's first 16 colours (its defaults; terminals theme these differently).
    private static let system: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]
    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour of palette entry `index`; nil for -1 (the default) and anything out of range.
    public static func rgb(_ index: Int16) -> RGB? {
        switch index {
        case 0..<16: return system[Int(index)]
        case 16..<232:
            let i = Int(index) - 16
            return RGB(cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        case 232..<256:
            let v = UInt8(8 + 10 * (Int(index) - 232))
            return RGB(v, v, v)
        default: return nil
        }
    }
}
