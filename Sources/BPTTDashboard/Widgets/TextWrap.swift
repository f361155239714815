import Foundation

/// Word wrapping for text panels: newlines start new lines, words longer than a line are split,
/// runs of spaces collapse. Widths count Unicode scalars, as CellGrid.put places one per cell.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\t", with: " ")
        for paragraph in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String.UnicodeScalarView()
            for word in paragraph.split(separator: " ") {
                var scalars = Array(word.unicodeScalars)
                if !line.isEmpty && line.count + 1 + scalars.count <= width {
                    line.append(" ")
                    line.append(contentsOf: scalars)
                    continue
                }
                if !line.isEmpty { lines.append(String(line)); line = String.UnicodeScalarView() }
                while scalars.count > width {
                    lines.append(String(String.UnicodeScalarView(scalars[..<width])))
                    scalars.removeFirst(width)
                }
                line.append(contentsOf: scalars)
            }
            lines.append(String(line))
        }
        return lines
    }
}
