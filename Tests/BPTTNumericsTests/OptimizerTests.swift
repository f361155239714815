import Foundation
import Testing
@testable import BPTTNumerics

/// The update rules against their textbook formulas, written out in Double for one scalar at a time.
@Suite struct OptimizerTests {
    static let shape = RNNShape(vocabulary: 3, hidden: 2)

    /// Parameters and a gradient filled with distinct values, and the same as flat Double arrays.
    static func fixture(seed: UInt64) -> (RNNParameters<Float>, RNNParameters<Float>) {
        let p = RNNParameters<Float>(shape: shape, seed: seed)
        var g = RNNParameters<Float>(shape: shape, seed: seed + 100)
        for (_, path) in rnnTensorKeyPaths { g[keyPath: path] = g[keyPath: path].enumerated().map { Float($0.offset % 3) - 1 + $0.element } }
        return (p, g)
    }

    static func flat(_ p: RNNParameters<Float>) -> [Double] {
        rnnTensorKeyPaths.flatMap { p[keyPath: $0.path].map(Double.init) }
    }

    @Test func sgdWithL2() {
        let (p0, g) = Self.fixture(seed: 1)
        var p = p0
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .sgd, learningRate: 0.1, l2: 0.01), shape: Self.shape)
        optimizer.apply(to: &p, grads: g)
        let expected = zip(Self.flat(p0), Self.flat(g)).map { w, d in w - 0.1 * (d + 0.01 * w) }
        for (a, b) in zip(Self.flat(p), expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func adagradAccumulatesSquares() {
        let (p0, g) = Self.fixture(seed: 2)
        var p = p0
        var optimizer = Optimizer(settings: OptimizerSettings(kind: .adagrad, learningRate: 0.5, epsilon: 1e-8), shape: Self.shape)
        var w = Self.flat(p0)
        var h = [Double](repeating: 0, count: w.count)
        let d = Self.flat(g)
        for _ in 0..<3 {
            optimizer.apply(to: &p, grads: g)
            for i in w.indices {
                h[i] += d[i] * d[i]
                w[i] -= 0.5 * d[i] / (h[i].squareRoot() + 1e-8)
            }
        }
        for (a, b) in zip(Self.flat(p), w) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func adamMatchesKingmaAndBa() {
        let (p0, g) = Self.fixture(seed: 3)
        var p = p0
        let settings = OptimizerSettings(kind: .adam, learningRate: 0.01, l2: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        var optimizer = Optimizer(settings: settings, shape: Self.shape)
        var w = Self.flat(p0)
        var m = [Double](repeating: 0, count: w.count), v = m
        let d = Self.flat(g)
        for t in 1...4 {
            optimizer.apply(to: &p, grads: g)
            for i in w.indices {
                let gi = d[i] + 0.001 * w[i]
                m[i] = 0.9 * m[i] + 0.1 * gi
                v[i] = 0.999 * v[i] + 0.001 * gi * gi
                let mHat = m[i] / (1 - pow(0.9, Double(t))), vHat = v[i] / (1 - pow(0.999, Double(t)))
                w[i] -= 0.01 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        #expect(optimizer.step == 4)
        for (a, b) in zip(Self.flat(p), w) { #expect(abs(a - b) < 1e-5, "\(a) vs \(b)") }
    }

    @Test func globalNormClippingRescalesToTheThreshold() {
        var (_, g) = Self.fixture(seed: 4)
        let before = Self.flat(g)
        let norm = before.map { $0 * $0 }.reduce(0, +).squareRoot()
        let report = GradientClipping.clip(&g, maxNorm: norm / 2, maxValue: 0)
        #expect(abs(report.norm - norm) < 1e-5 * norm)
        #expect(report.rescaled && report.elementsCut == 0 && report.nonFiniteTensor == nil)
        for (a, b) in zip(Self.flat(g), before) { #expect(abs(a - b / 2) < 1e-5) }
        // Under the threshold nothing changes.
        let again = Self.flat(g)
        #expect(!GradientClipping.clip(&g, maxNorm: norm, maxValue: 0).rescaled)
        #expect(Self.flat(g) == again)
    }

    @Test func elementwiseClippingCutsEachEntry() {
        var (_, g) = Self.fixture(seed: 5)
        let before = Self.flat(g)
        let report = GradientClipping.clip(&g, maxNorm: 0, maxValue: 0.5)
        #expect(report.elementsCut == before.filter { abs($0) > 0.5 }.count)
        #expect(report.elementsCut > 0)
        for (a, b) in zip(Self.flat(g), before) { #expect(a == min(0.5, max(-0.5, b))) }
    }

    @Test func nonFiniteGradientsAreReportedByTensorAndLeftAlone() {
        var (_, g) = Self.fixture(seed: 6)
        g.W[1] = .nan
        let before = g
        let report = GradientClipping.clip(&g, maxNorm: 1e-3, maxValue: 1e-3)
        #expect(report.nonFiniteTensor == "W")
        #expect(g.U == before.U && g.V == before.V)
    }
}
