import Testing
@testable import BPTTTerminal

@Suite struct FramePacerTests {
    @Test func intervalIsRoundedUpSoTheRateNeverExceedsTheRequest() {
        #expect(FramePacer(fps: 30).intervalMilliseconds == 34)           // 29.4 frames/s, not 30.3
        #expect(FramePacer(fps: 25).intervalMilliseconds == 40)
        #expect(FramePacer(fps: 0).intervalMilliseconds == 1000)          // clamped to 1 fps
        #expect(FramePacer(fps: 10_000).intervalMilliseconds == 9)        // clamped to 120 fps
    }

    @Test func drawsAtMostOncePerInterval() {
        var pacer = FramePacer(fps: 30)
        #expect(pacer.isDue(now: 1000))                                    // first frame at once
        pacer.didDraw(at: 1000)
        #expect(!pacer.isDue(now: 1010))
        #expect(!pacer.isDue(now: 1033))
        #expect(pacer.isDue(now: 1034))
        // Simulated 1 s of a redraw request every millisecond: frames at 0, 34, ..., 986.
        var drawn = 0
        var sim = FramePacer(fps: 30)
        for now in 0..<1000 where sim.isDue(now: now) {
            sim.didDraw(at: now)
            drawn += 1
        }
        #expect(drawn == 30)
    }

    @Test func slightlyLateFramesKeepTheRateAndVeryLateOnesDoNotBurst() {
        var pacer = FramePacer(fps: 30)
        pacer.didDraw(at: 0)
        pacer.didDraw(at: 36)                                              // 2 ms of timer slack
        #expect(pacer.lastDraw == 34)                                      // schedule kept
        #expect(pacer.isDue(now: 68) && !pacer.isDue(now: 67))
        pacer.didDraw(at: 200)                                             // stalled for a while
        #expect(pacer.lastDraw == 200)                                     // restart, no catch-up
        #expect(!pacer.isDue(now: 210))
        // Each frame found due 1-3 ms late: as many frames in a simulated second as with no slack;
        // restarting the schedule at each draw would give about 28.
        var sim = FramePacer(fps: 30)
        var now = 0, drawn = 0
        while now < 1000 {
            if sim.isDue(now: now) {
                sim.didDraw(at: now)
                drawn += 1
                now += sim.waitMilliseconds(now: now, dirty: true) + 1 + drawn % 3
            } else {
                now += 1
            }
        }
        #expect(drawn == 30)
    }

    @Test func waitsUntilTheNextFrameCouldBeDue() {
        var pacer = FramePacer(fps: 30)
        #expect(pacer.waitMilliseconds(now: 0, dirty: true) == 0)          // never drawn: draw now
        #expect(pacer.waitMilliseconds(now: 0, dirty: false) == 34)
        pacer.didDraw(at: 100)
        #expect(pacer.waitMilliseconds(now: 110, dirty: true) == 24)       // the rest of the interval
        #expect(pacer.waitMilliseconds(now: 150, dirty: true) == 0)        // overdue: draw now
        #expect(pacer.waitMilliseconds(now: 110, dirty: false) == 24)      // next check when a frame could be due
        #expect(pacer.waitMilliseconds(now: 150, dirty: false) == 34)      // idle and due: once per interval
        #expect(pacer.waitMilliseconds(now: 50, dirty: true) == 34)        // clock went back: bounded
    }
}
