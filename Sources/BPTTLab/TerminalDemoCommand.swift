import ArgumentParser
import BPTTTerminal

/// Hidden: drives the terminal backend alone (used by the tmux end-to-end tests).
struct TerminalDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-demo",
        abstract: "Exercise the terminal backend: a box, a frame counter and the last key (q quits).",
        shouldDisplay: false)

    @Option(help: "Frames per second (1-120).")
    var fps: Int = 30

    @Flag(help: "Attributes only, as with NO_COLOR.")
    var noColor = false

    @Option(help: ArgumentHelp("Throw an error after this many frames (tests the error exit path).", visibility: .private))
    var failAfterFrames: Int?

    @Option(help: ArgumentHelp("Trap (fatalError) after this many frames (tests the crash path).", visibility: .private))
    var crashAfterFrames: Int?

    func run() throws {
        let status = try TerminalDemo.run(fps: fps, colorPreference: noColor ? .never : .auto,
                                          failAfterFrames: failAfterFrames, crashAfterFrames: crashAfterFrames)
        if status != 0 { throw ExitCode(status) }
    }
}
