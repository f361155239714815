import Testing
@testable import BPTTTerminal

@Suite struct FramePacerTests {
    @Test func thirtyFramesASecondMeansAThirtyThreeMillisecondInterval() {
        #expect(FramePacer(fps: 30).intervalMilliseconds == 33)
        #expect(FramePacer(fps: 0).intervalMilliseconds == 1000)          // clamped to 1 fps
        #expect(FramePacer(fps: 10_000).intervalMilliseconds == 8)        // clamped to 120 fps
    }

    @Test func drawsAtMostOncePerInterval() {
        var pacer = FramePacer(fps: 30)
        #expect(pacer.isDue(now: 1000))                                    // first frame at once
        pacer.didDraw(at: 1000)
        #expect(!pacer.isDue(now: 1010))
        #expect(!pacer.isDue(now: 1032))
        #expect(pacer.isDue(now: 1033))
        // Simulated 1 s of a redraw request every millisecond: at most 30 frames are drawn.
        var drawn = 0
        var sim = FramePacer(fps: 30)
        for now in 0..<1000 where sim.isDue(now: now) {
            sim.didDraw(at: now)
            drawn += 1
        }
        #expect(drawn == 31)                                               // at 0, 33, ..., 990
    }

    @Test func waitsUntilTheNextFrameOnlyWhenSomethingIsPending() {
        var pacer = FramePacer(fps: 30)
        #expect(pacer.waitMilliseconds(now: 0, dirty: true) == 0)          // never drawn: draw now
        #expect(pacer.waitMilliseconds(now: 0, dirty: false) == 33)
        pacer.didDraw(at: 100)
        #expect(pacer.waitMilliseconds(now: 110, dirty: true) == 23)       // the rest of the interval
        #expect(pacer.waitMilliseconds(now: 150, dirty: true) == 0)        // overdue
        #expect(pacer.waitMilliseconds(now: 110, dirty: false) == 33)      // idle: poll once per frame
        #expect(pacer.waitMilliseconds(now: 50, dirty: true) == 33)        // clock went back: bounded
    }
}
