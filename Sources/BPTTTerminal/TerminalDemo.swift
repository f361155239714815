import BPTTDashboard
import Foundation

/// A tiny full-screen program that exercises the backend end to end without a training run (the
/// hidden `bptt-lab terminal-demo`, driven by the tmux tests): a box filling the screen, a frame
/// counter, the size, the colour mode, the last key, every style, and an animated braille wave.
/// `q` quits; Ctrl-C and the other signals of `SignalTrap.ended` also end it with the terminal restored.
public enum TerminalDemo {
    /// Thrown on purpose by `failAfterFrames`, to exercise the error exit path.
    public struct DeliberateFailure: Error, CustomStringConvertible {
        public let frames: Int
        public var description: String { "terminal-demo failed on purpose after \(frames) frames" }
    }

    /// Runs until quit, prints why it ended (on the restored screen) and returns the process exit
    /// status (see `ExitReason.exitStatus`). With `failAfterFrames`, the frame callback throws
    /// `DeliberateFailure` once that many frames were drawn.
    /// With `crashAfterFrames`, the frame callback traps (fatalError) instead: the crash path.
    public static func run(fps: Int = 30, colorPreference: ColorPreference = .auto,
                           failAfterFrames: Int? = nil, crashAfterFrames: Int? = nil) throws -> Int32 {
        let screen = try TerminalScreen(colorPreference: colorPreference)
        var frameNumber = 0
        var lastKey = "none"
        let reason = try TerminalApp.run(
            on: screen, fps: fps,
            needsRedraw: { true },                       // animated: every due frame is drawn
            frame: { width, height in
                if let limit = failAfterFrames, frameNumber >= limit { throw DeliberateFailure(frames: frameNumber) }
                if let limit = crashAfterFrames, frameNumber >= limit { fatalError("terminal-demo crashed on purpose") }
                frameNumber += 1
                return render(frame: frameNumber, lastKey: lastKey, width: width, height: height,
                              colorMode: screen.colorMode)
            },
            onKey: { key in
                if key == .character("q") { return false }
                lastKey = KeyTranslator.name(of: key)
                return true
            })
        print("terminal-demo ended: \(reason)")
        return reason.exitStatus
    }

    /// Pure: the demo screen for one frame.
    public static func render(frame: Int, lastKey: String, width: Int, height: Int,
                              colorMode: ColorMode) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= 2 && height >= 2 else {
            grid.put("\(frame)", x: 0, y: 0)
            return grid
        }
        drawBox(&grid, title: " bptt-lab terminal demo ")
        let inner = width - 4
        var y = 1
        func line(_ text: String, style: StyleID = .normal) {
            guard y < height - 1 else { return }
            grid.put(text, x: 2, y: y, style: style, maxWidth: inner)
            y += 1
        }
        line("frame \(frame)", style: .bold)
        line("size \(width)x\(height)")
        line("colour: \(colorMode)")
        line("last key: \(lastKey)", style: .key)
        if y < height - 1 {
            var x = 2
            for style in StyleTable.allStyles where x < width - 2 {
                grid.put(style.rawValue >= StyleID.heat(0).rawValue ? "█" : "■", x: x, y: y, style: style)
                x += 1
            }
            y += 1
        }
        let footer = "q quits · other keys are shown · Ctrl-C / SIGTERM restore the terminal too"
        let waveRows = (height - 1) - y - 1
        if waveRows > 0 { drawWave(&grid, frame: frame, top: y, rows: waveRows, width: width) }
        grid.put(footer, x: 2, y: height - 2, style: .dim, maxWidth: inner)
        return grid
    }

    private static func drawBox(_ grid: inout CellGrid, title: String) {
        let w = grid.width, h = grid.height
        for x in 1..<(w - 1) {
            grid[x, 0] = Cell("─", style: .border)
            grid[x, h - 1] = Cell("─", style: .border)
        }
        for y in 1..<(h - 1) {
            grid[0, y] = Cell("│", style: .border)
            grid[w - 1, y] = Cell("│", style: .border)
        }
        grid[0, 0] = Cell("┌", style: .border)
        grid[w - 1, 0] = Cell("┐", style: .border)
        grid[0, h - 1] = Cell("└", style: .border)
        grid[w - 1, h - 1] = Cell("┘", style: .border)
        grid.put(title, x: 2, y: 0, style: .title, maxWidth: w - 4)
    }

    /// A sine wave in braille dots (2x4 per cell) that scrolls with the frame number.
    private static func drawWave(_ grid: inout CellGrid, frame: Int, top: Int, rows: Int, width: Int) {
        let columns = width - 4
        guard columns > 0 else { return }
        let dotRows = rows * 4
        let dotBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        var bits = [UInt32](repeating: 0, count: columns * rows)
        for dx in 0..<(columns * 2) {
            let phase = Double(dx + frame) / 6.0
            let dy = Int(((sin(phase) + 1) / 2 * Double(dotRows - 1)).rounded())
            bits[(dy / 4) * columns + dx / 2] |= dotBits[dy % 4][dx % 2]
        }
        for row in 0..<rows {
            for column in 0..<columns where bits[row * columns + column] != 0 {
                let scalar = Unicode.Scalar(0x2800 + bits[row * columns + column])!
                grid[2 + column, top + row] = Cell(scalar, style: .trainLoss)
            }
        }
    }
}
