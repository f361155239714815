import Foundation
@testable import BPTTNumerics
import BPTTReference

/// Random small models and windows for the exactness tests.
enum TestModels {
    /// Seeded parameters with non-zero biases and W scaled by `recurrentScale` (so errors travel
    /// noticeably through time instead of dying in one step).
    static func parameters(_ shape: RNNShape, seed: UInt64, recurrentScale: Double = 2.5) -> RNNParameters<Double> {
        var p = RNNParameters<Double>(shape: shape, seed: seed)
        var generator = SeededGenerator(seed: seed ^ 0xB1A5)
        p.W = p.W.map { $0 * recurrentScale }
        p.b = p.b.map { _ in generator.nextSymmetric(0.5) }
        p.c = p.c.map { _ in generator.nextSymmetric(0.5) }
        p.classC = p.classC.map { _ in generator.nextSymmetric(0.5) }
        return p
    }

    /// A shape with the class output layer: rnnlm's binning of Zipf-like counts (frequent words get
    /// classes of their own, so one-word classes occur, rare words share big ones).
    static func classShape(vocabulary: Int, hidden: Int, classes: Int, seed: UInt64) -> RNNShape {
        var generator = SeededGenerator(seed: seed)
        let counts = (0..<vocabulary).map { 200 / ($0 + 1) + Int(generator.next() % 3) }
        return RNNShape(vocabulary: vocabulary, hidden: hidden, classes: WordClasses(counts: counts, classes: classes, binning: .frequency))
    }

    static func window(length: Int, batch: Int, vocabulary: Int, seed: UInt64, masked: Bool = false,
                       firstOutput: Int = 0) -> SequenceWindow {
        var generator = SeededGenerator(seed: seed)
        func token() -> Int32 { Int32(generator.next() % UInt64(vocabulary)) }
        let count = length * batch
        let inputs = (0..<count).map { _ in token() }
        let targets = (0..<count).map { _ in token() }
        // Masks mix padding (0), full weight and fractional weights.
        let mask: [Float]? = masked ? (0..<count).map { _ in [0, 1, 0.5, 1, 0.25][Int(generator.next() % 5)] } : nil
        return SequenceWindow(length: length, batch: batch, inputs: inputs, targets: targets, mask: mask,
                              firstOutput: firstOutput)
    }

    /// Sequence b of a batch window as a batch-1 window.
    static func sequence(_ b: Int, of w: SequenceWindow) -> SequenceWindow {
        let picks = (0..<w.length).map { $0 * w.batch + b }
        return SequenceWindow(length: w.length, batch: 1, inputs: picks.map { w.inputs[$0] },
                              targets: picks.map { w.targets[$0] }, mask: w.mask.map { m in picks.map { m[$0] } },
                              firstOutput: w.firstOutput)
    }

    /// The outputs of sequence b of a window for the reference, each reaching back to `earliest`.
    static func referenceOutputs(_ w: SequenceWindow, sequence b: Int, earliest: (Int) -> Int = { _ in 0 }) -> [ReferenceOutput] {
        (w.firstOutput..<w.length).map { t in
            ReferenceOutput(step: t, target: Int(w.targets[t * w.batch + b]),
                            weight: Double(w.mask?[t * w.batch + b] ?? 1), earliest: earliest(t))
        }
    }

    static func randomState(count: Int, seed: UInt64, scale: Double = 0.8) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextSymmetric(scale) }
    }

    /// Forward + backward of one window with a fresh workspace and zeroed gradients.
    static func gradients<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, engine: EngineKind,
                                        initialState: [T]? = nil,
                                        options: BackwardOptions = BackwardOptions(computeStepNorms: true, computeReach: true))
        -> (grads: RNNParameters<T>, forward: ForwardResult, diagnostics: BackwardDiagnostics) {
        let workspace = RNNWorkspace<T>(shape: p.shape, maxLength: w.length, batch: w.batch)
        let start = initialState ?? [T](repeating: 0, count: w.batch * p.shape.stateWidth)
        let forward = rnnForward(p, w, initialState: start, workspace: workspace)
        var grads = RNNParameters<T>.zeros(shape: p.shape)
        let diagnostics = rnnBackward(p, w, workspace: workspace, engine: engine, options: options, grads: &grads)
        return (grads, forward, diagnostics)
    }
}

/// Error measures between gradient sets.
enum GradientComparison {
    /// Per tensor: max_i |a_i - b_i| / max_i |b_i| (the tensor's scale; 0 when both are zero).
    static func tensorwise<T: RNNScalar>(_ a: RNNParameters<T>, _ b: RNNParameters<T>) -> [String: Double] {
        var result: [String: Double] = [:]
        for name in b.tensorNames {
            let x = a[tensor: name], y = b[tensor: name]
            precondition(x.count == y.count)
            let scale = y.reduce(0.0) { max($0, abs(Double($1))) }
            let difference = zip(x, y).reduce(0.0) { max($0, abs(Double($1.0) - Double($1.1))) }
            result[name] = scale == 0 ? difference : difference / scale
        }
        return result
    }

    /// Per tensor: max_i |a_i - b_i| / max(|a_i|, |b_i|, floor): entrywise relative error, with a
    /// floor under which entries count as zero (an exactly unused parameter has gradient 0 in both).
    static func entrywise(_ a: RNNParameters<Double>, _ b: RNNParameters<Double>, floor: Double) -> [String: Double] {
        var result: [String: Double] = [:]
        for name in b.tensorNames {
            let x = a[tensor: name], y = b[tensor: name]
            precondition(x.count == y.count)
            result[name] = zip(x, y).reduce(0.0) { worst, pair in
                max(worst, abs(pair.0 - pair.1) / max(abs(pair.0), abs(pair.1), floor))
            }
        }
        return result
    }

    static func worst(_ errors: [String: Double]) -> Double { errors.values.max() ?? 0 }
}

/// Central finite differences of sixth order: f'(x) ~ (-f(-3h) + 9f(-2h) - 45f(-h) + 45f(h) - 9f(2h) + f(3h)) / 60h.
/// Truncation error O(h^6), so h can be large enough (2e-3) that rounding stays ~1e-12.
enum FiniteDifferences {
    static let stencil: [(offset: Double, weight: Double)] = [(-3, -1), (-2, 9), (-1, -45), (1, 45), (2, -9), (3, 1)]

    /// The gradient of `objective` at `p`, entry by entry of every tensor.
    static func gradient(of objective: (RNNParameters<Double>) -> Double, at p: RNNParameters<Double>,
                         step h: Double = 2e-3) -> RNNParameters<Double> {
        var result = RNNParameters<Double>.zeros(shape: p.shape)
        var probe = p
        for name in p.tensorNames {
            let path = RNNParameters<Double>.keyPath(forTensor: name)!
            for i in p[keyPath: path].indices {
                let original = p[keyPath: path][i]
                var sum = 0.0
                for (offset, weight) in stencil {
                    probe[keyPath: path][i] = original + offset * h
                    sum += weight * objective(probe)
                }
                probe[keyPath: path][i] = original
                result[keyPath: path][i] = sum / (60 * h)
            }
        }
        return result
    }

    /// The same stencil for a function of a vector.
    static func gradient(of f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-3) -> [Double] {
        var probe = x
        return x.indices.map { i in
            var sum = 0.0
            for (offset, weight) in stencil {
                probe[i] = x[i] + offset * h
                sum += weight * f(probe)
            }
            probe[i] = x[i]
            return sum / (60 * h)
        }
    }
}

func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
