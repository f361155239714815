import Foundation
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// A fixed, seeded training snapshot for layout and snapshot tests: no clock, no randomness beyond a
/// tiny LCG with a fixed seed, so every render is byte-for-byte the same.
enum Fixtures {
    /// Deterministic noise in [-1, 1].
    struct LCG {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    static func lossCurve(points: Int, stepEvery: Int, seconds: Double, floor: Double, seed: UInt64) -> [LossPoint] {
        var noise = LCG(state: seed)
        return (0..<points).map { i in
            let clean = floor + 1.35 * exp(-Double(i) / 45)
            return LossPoint(step: i * stepEvery, seconds: seconds * Double(i) / Double(points),
                             loss: clean + 0.09 * noise.next())
        }
    }

    /// One gradient-norm window: errors of the k1 outputs accumulate towards later steps and shrink
    /// by `decay` per step back; the k2 steps before them only pass errors through.
    static func window(length: Int, firstOutput: Int, top: Double, decay: Double) -> [Double] {
        (0..<length).map { t in top * pow(decay, Double(length - 1 - t)) * (t < firstOutput ? 0.6 : 1) }
    }

    static let training: TrainingSnapshot = {
        let train = lossCurve(points: 240, stepEvery: 10, seconds: 754.2, floor: 1.05, seed: 42)
        let valid = stride(from: 30, to: 240, by: 30).map { i in
            LossPoint(step: train[i].step, seconds: train[i].seconds, loss: 1.1 + 1.35 * exp(-Double(i) / 45))
        }
        var history: [[Double]] = []
        var historySteps: [Int] = []
        for i in 0..<60 {
            let step = i * 40
            // Before step 800 the run used k1=10 k2=10: longer windows with a slower decay.
            history.append(step < 800 ? window(length: 20, firstOutput: 10, top: 0.9 - 0.01 * Double(i), decay: 0.72)
                                      : window(length: 12, firstOutput: 4, top: 0.35, decay: 0.55))
            historySteps.append(step)
        }
        let gradient = GradientFlow(
            stepNorms: window(length: 12, firstOutput: 4, top: 0.3, decay: 0.55),
            history: history, historySteps: historySteps,
            reach: (0..<12).map { 0.12 * pow(0.45, Double($0)) },
            firstOutputStep: 4, totalNorm: 0.42, clippedUpdates: 3, spectralRadius: 0.93)
        let windows = [10, 20, 40, 60, 80, 100, 150, 200]
        let probe = TimingProbe(windowLengths: windows,
                                naiveMilliseconds: windows.map { 0.00021 * Double($0 * $0) + 0.004 * Double($0) },
                                optimizedMilliseconds: windows.map { 0.0051 * Double($0) + 0.01 },
                                maxRelativeGradientDifference: 3.1e-7, step: 2000)
        return TrainingSnapshot(
            runName: "builtin-default", modelSummary: "H=64 V=12 B=16 char · builtin(d=16)", unit: .char,
            state: .training, step: 2390, epoch: 3, tokensSeen: 1_223_680, elapsedSeconds: 754.2,
            tokensPerSecond: 48_210, learningRate: 0.05, engine: .optimized, truncation: .blocks(k1: 8, k2: 4),
            sentenceModeAvailable: true, dependencyDistance: 16, trainLoss: train, validLoss: valid,
            events: [ControlEvent(step: 800, seconds: 251.4, kind: .truncation, text: "k1=8 k2=4"),
                     ControlEvent(step: 1600, seconds: 502.8, kind: .engine, text: "engine optimized")],
            gradient: gradient, probe: probe,
            recentForwardBackwardMilliseconds: [.optimized: 0.071, .naive: 0.52],
            sample: "the cat that the dogs chase sleeps . a bird sings .\nthe dogs that the cat sees run . the bird that the cat chases flies .")
    }()

    /// The classic loss view (train and validation over all predictions); the recall view has tests of its own.
    static let view: DashboardViewState = {
        var view = viewWithRecallDefault
        view.lossView = .all
        return view
    }()

    static let viewWithRecallDefault: DashboardViewState = DashboardViewState(
        runChoices: [
            RunChoice(name: "builtin-default", path: "configs/builtin-default.json", description: "char RNN on the built-in corpus, k1=8 k2=4"),
            RunChoice(name: "builtin-full-bptt", path: "configs/builtin-full-bptt.json", description: "same model, full BPTT per sentence"),
            RunChoice(name: "words-small", path: "configs/words-small.json", description: "word-level model on a small text"),
        ])

    /// The fixture run's own view state: one earlier run, drawn faint in the classic loss view.
    static let run = RunViewState(referenceRuns: [
        ReferenceRun(name: "full BPTT", trainLoss: lossCurve(points: 200, stepEvery: 12, seconds: 700, floor: 0.82, seed: 7)),
    ])

    /// A run that has just started: nothing measured yet.
    static let starting = TrainingSnapshot(runName: "builtin-default", modelSummary: "H=64 V=12 B=16 char",
                                           state: .starting, sentenceModeAvailable: true, dependencyDistance: 16)
}

extension Fixtures {
    /// A fresh view state with the classic loss view (as before the recall view became the default).
    static var classicView: DashboardViewState {
        var view = DashboardViewState()
        view.lossView = .all
        return view
    }
}
