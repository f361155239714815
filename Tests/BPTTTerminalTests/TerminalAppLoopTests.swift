import Testing
import BPTTDashboard
#if canImport(Glibc)
import Glibc
#endif
@testable import BPTTTerminal

/// Issue 11: the UI loop on the in-memory terminal, on a virtual clock: keys, resizes, frame pacing
/// and every way out, without a tty. (The tmux end-to-end tests check the same loop on a real one.)
@Suite struct TerminalAppLoopTests {
    typealias Input = MemoryTerminal.Input

    /// Runs the loop on `terminal`; each frame is a grid of its size showing how many were drawn.
    static func run(_ terminal: MemoryTerminal, fps: Int = 10, needsRedraw: () -> Bool = { false },
                    onKey: (KeyInput) -> Bool = { _ in true }) -> ExitReason {
        var count = 0
        return TerminalApp.run(on: terminal, fps: fps, signals: terminal, clock: terminal.milliseconds,
                               needsRedraw: needsRedraw,
                               frame: { width, height in
                                   count += 1
                                   var grid = CellGrid(width: width, height: height)
                                   grid.put("frame \(count)", x: 0, y: 0)
                                   return grid
                               },
                               onKey: onKey)
    }

    @Test func keysReachTheHandlerInOrderAndQuitEndsTheLoop() {
        let terminal = MemoryTerminal(width: 80, height: 24, script: [
            (100, .key(.character("a"))), (150, .key(.right)), (400, .key(.character("q"))), (500, .key(.character("z"))),
        ])
        var keys: [KeyInput] = []
        let reason = Self.run(terminal, onKey: { key in
            keys.append(key)
            return key != .character("q")
        })
        #expect(reason == .quit && reason.exitStatus == 0)
        #expect(keys == [.character("a"), .right, .character("q")], "nothing after the quitting key")
        #expect(terminal.closed)
        // The first frame at once; each key marks the screen dirty: redrawn at the pacer's next slot.
        #expect(terminal.frames.map(\.at) == [0, 100, 200])
    }

    @Test func ctrlCASignalAndAHangUpEndTheLoopWithTheirStatus() {
        var handled = 0
        let interrupted = MemoryTerminal(width: 80, height: 24, script: [(50, .key(.interrupt))])
        #expect(Self.run(interrupted, onKey: { _ in handled += 1; return true }) == .signal(SIGINT))
        #expect(handled == 0, "Ctrl-C never reaches the key handler")
        let terminated = MemoryTerminal(width: 80, height: 24, script: [(70, .signal(SIGTERM))])
        let reason = Self.run(terminated)
        #expect(reason == .signal(SIGTERM) && reason.exitStatus == 143)
        let hungUp = MemoryTerminal(width: 80, height: 24, script: [(30, .hangUp)])
        #expect(Self.run(hungUp) == .inputClosed)
        #expect(interrupted.closed && terminated.closed && hungUp.closed)
    }

    @Test func aResizeRedrawsAtTheNewSize() {
        let terminal = MemoryTerminal(width: 80, height: 24, script: [(250, .resize(width: 100, height: 30)), (600, .hangUp)])
        _ = Self.run(terminal)
        #expect(terminal.frames.map { [$0.grid.width, $0.grid.height] } == [[80, 24], [100, 30]])
        #expect(terminal.frames[1].at == 250)
    }

    @Test func framesArePacedAndAnIdleLoopWakesOnlyAtTheFrameRate() {
        // Always something new: at most fps frames a second, one interval (100 ms) apart.
        let busy = MemoryTerminal(width: 80, height: 24, script: [(999, .hangUp)])
        _ = Self.run(busy, fps: 10, needsRedraw: { true })
        #expect(busy.frames.map(\.at) == Array(stride(from: 0, to: 1000, by: 100)))
        // Nothing new: the first frame only, and the loop sleeps a frame interval per tick (10 in a second).
        let idle = MemoryTerminal(width: 80, height: 24, script: [(1000, .hangUp)])
        _ = Self.run(idle, fps: 10)
        #expect(idle.frames.count == 1)
        #expect(idle.waits.allSatisfy { $0 == 100 } && idle.waits.count == 10, "\(idle.waits)")
    }

    @Test func anErrorFromTheFrameIsRethrownWithTheTerminalClosed() {
        struct Broken: Error {}
        let terminal = MemoryTerminal(width: 80, height: 24)
        #expect(throws: Broken.self) {
            _ = try TerminalApp.run(on: terminal, fps: 10, signals: terminal, clock: terminal.milliseconds,
                                    needsRedraw: { true }, frame: { _, _ in throw Broken() }, onKey: { _ in true })
        }
        #expect(terminal.closed && terminal.frames.isEmpty)
    }

    @Test func aScriptThatRunsOutClosesTheInput() {
        let terminal = MemoryTerminal(width: 80, height: 24, endOfScript: 2_000)
        #expect(Self.run(terminal) == .inputClosed)
        #expect(terminal.now >= 2_000)
    }
}
