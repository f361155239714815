import BPTTDashboard

/// A picture of the screen as SVG, drawn from the cell grid with the colours `StyleTable` gives the
/// terminal (exact 256-colour RGB). Braille is drawn as dots, box drawing as lines and block elements
/// as rectangles, so the picture needs no special font; the rest is monospace text stretched to the
/// cell width. Pure: the same grid always gives the same bytes.
public enum SVGScreen {
    public static let cellWidth = 10
    public static let cellHeight = 20
    static let fontSize = 16

    public static func render(_ grid: CellGrid, mode: ColorMode = .palette256) -> String {
        var canvas = Canvas()
        for y in 0..<grid.height {
            var backgroundRun: (start: Int, color: String)?
            func flushBackground(at end: Int) {
                if let run = backgroundRun {
                    canvas.fill(run.color, rect: (Double(run.start * cellWidth), Double(y * cellHeight),
                                                  Double((end - run.start) * cellWidth), Double(cellHeight)))
                }
                backgroundRun = nil
            }
            var textRun: (start: Int, text: String, key: String)?
            func flushText() {
                if let run = textRun { canvas.text(run.text, column: run.start, row: y, key: run.key) }
                textRun = nil
            }
            for x in 0..<grid.width {
                let cell = grid[x, y]
                let look = Look(StyleTable.look(for: cell.style, mode: mode))
                let bg = look.background.map(\.hex)
                if bg != backgroundRun?.color {
                    flushBackground(at: x)
                    if let bg { backgroundRun = (x, bg) }
                }
                let shape = GlyphShape.of(cell.scalar)
                if shape == .text && cell.scalar != " " {
                    let key = look.textKey
                    if let run = textRun, run.key == key, run.start + run.text.unicodeScalars.count == x {
                        textRun!.text.unicodeScalars.append(cell.scalar)
                    } else {
                        flushText()
                        textRun = (x, String(cell.scalar), key)
                    }
                } else {
                    flushText()
                    canvas.shape(shape, column: x, row: y, color: look.foreground.hex)
                }
                if look.underline && cell.scalar != " " {
                    let y0 = Double(y * cellHeight + cellHeight) - 1.5
                    canvas.stroke(look.foreground.hex, width: 1, dashed: false,
                                  path: "M\(f(Double(x * cellWidth))) \(f(y0))h\(cellWidth)")
                }
            }
            flushBackground(at: grid.width)
            flushText()
        }
        return canvas.document(width: grid.width * cellWidth, height: grid.height * cellHeight)
    }

    /// A style resolved to colours.
    struct Look {
        var foreground: XtermColors.RGB
        var background: XtermColors.RGB?
        var bold: Bool
        var underline: Bool

        init(_ look: StyleLook) {
            var fg = XtermColors.rgb(look.foreground) ?? XtermColors.defaultForeground
            var bg = XtermColors.rgb(look.background)
            if look.attributes.contains(.reverse) {
                (fg, bg) = (bg ?? XtermColors.defaultBackground, fg)
            }
            if look.attributes.contains(.dim) {
                fg = fg.blended(towards: bg ?? XtermColors.defaultBackground, amount: 0.45)
            }
            foreground = fg
            background = bg
            bold = look.attributes.contains(.bold)
            underline = look.attributes.contains(.underline)
        }

        var textKey: String { foreground.hex + (bold ? " b" : "") }
    }

    /// Collects the drawing, one path per colour (and line kind), so the file stays small.
    struct Canvas {
        private var backgrounds: [String] = []
        private var fills: [String: String] = [:]
        private var fillOrder: [String] = []
        private var strokes: [String: String] = [:]
        private var strokeOrder: [String] = []
        private var texts: [String] = []

        mutating func fill(_ color: String, rect: (Double, Double, Double, Double)) {
            backgrounds.append("<rect x=\"\(f(rect.0))\" y=\"\(f(rect.1))\" width=\"\(f(rect.2))\" height=\"\(f(rect.3))\" fill=\"\(color)\"/>")
        }

        mutating func fillPath(_ color: String, opacity: Double, path: String) {
            let key = opacity >= 1 ? color : color + " " + f(opacity)
            if fills[key] == nil { fillOrder.append(key) }
            fills[key, default: ""] += path
        }

        mutating func stroke(_ color: String, width: Double, dashed: Bool, path: String) {
            let key = color + " " + f(width) + (dashed ? " d" : "")
            if strokes[key] == nil { strokeOrder.append(key) }
            strokes[key, default: ""] += path
        }

        mutating func text(_ text: String, column: Int, row: Int, key: String) {
            let parts = key.split(separator: " ")
            let weight = parts.count > 1 ? " font-weight=\"bold\"" : ""
            let length = text.unicodeScalars.count * cellWidth
            texts.append("<text x=\"\(column * cellWidth)\" y=\"\(row * cellHeight + 15)\" fill=\"\(parts[0])\"\(weight)"
                + " textLength=\"\(length)\" lengthAdjust=\"spacingAndGlyphs\">\(escaped(text))</text>")
        }

        mutating func shape(_ shape: GlyphShape, column: Int, row: Int, color: String) {
            let x0 = Double(column * cellWidth), y0 = Double(row * cellHeight)
            let w = Double(cellWidth), h = Double(cellHeight)
            switch shape {
            case .text:
                return
            case .dots(let dots):
                let size = 2.6
                var path = ""
                for (c, r) in dots {
                    let cx = x0 + w * (0.25 + 0.5 * Double(c)), cy = y0 + h * (0.125 + 0.25 * Double(r))
                    path += "M\(f(cx - size / 2)) \(f(cy - size / 2))h\(f(size))v\(f(size))h-\(f(size))z"
                }
                fillPath(color, opacity: 1, path: path)
            case .block(let bx, let by, let bw, let bh, let opacity):
                fillPath(color, opacity: opacity,
                         path: "M\(f(x0 + bx * w)) \(f(y0 + by * h))h\(f(bw * w))v\(f(bh * h))h-\(f(bw * w))z")
            case .diagonal(let rising, let falling):
                if rising { stroke(color, width: 1.2, dashed: false, path: "M\(f(x0)) \(f(y0 + h))L\(f(x0 + w)) \(f(y0))") }
                if falling { stroke(color, width: 1.2, dashed: false, path: "M\(f(x0)) \(f(y0))L\(f(x0 + w)) \(f(y0 + h))") }
            case .box(let up, let down, let left, let right, let dashed):
                let cx = x0 + w / 2, cy = y0 + h / 2
                func width(_ weight: Int) -> Double { weight >= 2 ? 3 : 1.2 }
                if left > 0 && left == right {
                    stroke(color, width: width(left), dashed: dashed, path: "M\(f(x0)) \(f(cy))H\(f(x0 + w))")
                } else {
                    if left > 0 { stroke(color, width: width(left), dashed: dashed, path: "M\(f(x0)) \(f(cy))H\(f(cx + width(left) / 2))") }
                    if right > 0 { stroke(color, width: width(right), dashed: dashed, path: "M\(f(cx - width(right) / 2)) \(f(cy))H\(f(x0 + w))") }
                }
                if up > 0 && up == down {
                    stroke(color, width: width(up), dashed: dashed, path: "M\(f(cx)) \(f(y0))V\(f(y0 + h))")
                } else {
                    if up > 0 { stroke(color, width: width(up), dashed: dashed, path: "M\(f(cx)) \(f(y0))V\(f(cy + width(up) / 2))") }
                    if down > 0 { stroke(color, width: width(down), dashed: dashed, path: "M\(f(cx)) \(f(cy - width(down) / 2))V\(f(y0 + h))") }
                }
            }
        }

        func document(width: Int, height: Int) -> String {
            var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
            out += "<style>text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:\(fontSize)px;white-space:pre}</style>\n"
            out += "<rect width=\"100%\" height=\"100%\" fill=\"\(XtermColors.defaultBackground.hex)\"/>\n"
            for line in backgrounds { out += line + "\n" }
            for key in fillOrder {
                let parts = key.split(separator: " ")
                let opacity = parts.count > 1 ? " fill-opacity=\"\(parts[1])\"" : ""
                out += "<path fill=\"\(parts[0])\"\(opacity) d=\"\(fills[key]!)\"/>\n"
            }
            for key in strokeOrder {
                let parts = key.split(separator: " ")
                let dash = parts.count > 2 ? " stroke-dasharray=\"3 2\"" : ""
                out += "<path fill=\"none\" stroke=\"\(parts[0])\" stroke-width=\"\(parts[1])\"\(dash) d=\"\(strokes[key]!)\"/>\n"
            }
            for line in texts { out += line + "\n" }
            return out + "</svg>\n"
        }
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    static func f(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        if scaled == scaled.rounded() { return String(Int(scaled)) }
        var s = String(scaled)
        if s.hasPrefix("0.") { s.removeFirst() } else if s.hasPrefix("-0.") { s = "-" + s.dropFirst(2) }
        return s
    }

    /// Text as XML 1.0 character data: markup characters as entities, and every code point XML
    /// forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) as U+FFFD, which would otherwise
    /// make the whole picture malformed (a corpus with U+FFFE did). Lone surrogates cannot occur
    /// in a Swift string.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(isXMLCharacter(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}

private func f(_ value: Double) -> String { SVGScreen.f(value) }
