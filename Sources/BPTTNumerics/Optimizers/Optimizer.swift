import Foundation
import CKernels

/// Which update rule turns gradients into parameter changes.
public enum OptimizerKind: String, Sendable, CaseIterable, Codable {
    case sgd
    case adagrad
    case adam
}

/// Hyper-parameters of the update rule. `l2` adds l2·p to every gradient (coupled weight decay,
/// as rnnlm's beta does), so it works the same way for every rule.
public struct OptimizerSettings: Sendable, Equatable, Codable {
    public var kind: OptimizerKind
    public var learningRate: Double
    public var l2: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double

    public init(kind: OptimizerKind = .adam, learningRate: Double = 0.003, l2: Double = 0,
                beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.kind = kind; self.learningRate = learningRate; self.l2 = l2
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    }
}

/// The named tensors of the model, as key paths, so an update can walk parameters, gradients and
/// optimizer moments of the same tensor side by side without copying. The class tensors are empty
/// for a full-softmax model, so walking them costs nothing there.
// Key paths are immutable values; Swift 6 just cannot prove WritableKeyPath Sendable.
nonisolated(unsafe) public let rnnTensorKeyPaths: [(name: String, path: WritableKeyPath<RNNParameters<Float>, [Float]>)] = [
    ("U", \.U), ("W", \.W), ("b", \.b), ("V", \.V), ("c", \.c), ("classV", \.classV), ("classC", \.classC),
]

/// An optimizer with its state (moments and step count), applied to Float32 parameters in place.
/// The state is plain data so checkpoints can store it and resume bit-exactly.
public struct Optimizer: Sendable, Equatable {
    public var settings: OptimizerSettings
    /// Number of updates applied (Adam's bias correction uses it).
    public var step: Int
    /// Adam's first moment; unused (zeros of size 0) otherwise.
    public var firstMoment: RNNParameters<Float>
    /// Adam's second moment or Adagrad's sum of squares.
    public var secondMoment: RNNParameters<Float>

    public init(settings: OptimizerSettings, shape: RNNShape) {
        self.settings = settings
        self.step = 0
        let empty = RNNParameters<Float>.zeros(shape: RNNShape(vocabulary: 0, hidden: 0))
        switch settings.kind {
        case .sgd:
            firstMoment = empty; secondMoment = empty
        case .adagrad:
            firstMoment = empty; secondMoment = .zeros(shape: shape)
        case .adam:
            firstMoment = .zeros(shape: shape); secondMoment = .zeros(shape: shape)
        }
    }

    /// Applies one update to every row: p -= lr · direction(g + l2·p). `grads` is left untouched.
    public mutating func apply(to params: inout RNNParameters<Float>, grads: RNNParameters<Float>) {
        apply(to: &params, grads: grads, rows: .all(params.shape))
    }

    /// Applies one update to the rows `rows` lists (and the dense tensors whole), with the gradient
    /// g = (grads × scale) × clipScale (`ClipReport`; multiplied as it goes, in that order, so the
    /// stored gradients stay as they are). Rows not listed are left alone: their parameters, and
    /// Adagrad's and Adam's moments (lazy, as TensorFlow's LazyAdam and PyTorch's SparseAdam: an
    /// untouched row's moments do not decay; Adam's bias correction counts every update). With every
    /// row listed this is the dense update, and for SGD and Adagrad (without L2) a sparse update gives
    /// the same bits as the dense one, the untouched rows' gradients being zero.
    public mutating func apply(to params: inout RNNParameters<Float>, grads: RNNParameters<Float>, rows: TouchedRows,
                               scale: Float = 1, clipScale: Float = 1, threads: Int = 1) {
        grads.withPointers { g in
            update(&params, gradients: g, clearing: false, rows: rows, scale: scale, clipScale: clipScale, backup: nil,
                   threads: threads)
        }
    }

    /// The same update, writing each changed parameter's previous value into `backup` as it goes
    /// (same layout as `params`; rows not listed are left as they were): the divergence guard's
    /// undo log, in the pass that reads the weights anyway instead of a copy of its own.
    public mutating func apply(to params: inout RNNParameters<Float>, grads: RNNParameters<Float>, rows: TouchedRows,
                               scale: Float = 1, clipScale: Float = 1, savingPreviousInto backup: inout RNNParameters<Float>,
                               threads: Int = 1) {
        precondition(backup.shape == params.shape, "the undo log has the parameters' shape")
        withUnsafeMutablePointer(to: &backup) { backup in
            grads.withPointers { g in
                update(&params, gradients: g, clearing: false, rows: rows, scale: scale, clipScale: clipScale, backup: backup,
                       threads: threads)
            }
        }
    }

    /// The same update with the undo log, zeroing each gradient element of `rows` as the step reads it:
    /// the gradient is then zero everywhere it could be nonzero, so the trainer's next update need not
    /// zero those rows in a pass of its own (the step has their lines in cache).
    public mutating func apply(to params: inout RNNParameters<Float>, clearing grads: inout RNNParameters<Float>,
                               rows: TouchedRows, scale: Float = 1, clipScale: Float = 1,
                               savingPreviousInto backup: inout RNNParameters<Float>, threads: Int = 1) {
        precondition(backup.shape == params.shape, "the undo log has the parameters' shape")
        withUnsafeMutablePointer(to: &backup) { backup in
            grads.withMutablePointers { g in
                update(&params, gradients: ParameterPointers(g), clearing: true, rows: rows, scale: scale,
                       clipScale: clipScale, backup: backup, threads: threads)
            }
        }
    }

    /// The step over the rows, their shares on up to `threads` worker threads (`RowPartition`: whole
    /// rows each, so the bits do not depend on the thread count).
    /// `clearing`: the gradients' memory may be written (they come from mutable storage) and is zeroed.
    private mutating func update(_ params: inout RNNParameters<Float>, gradients g: ParameterPointers<Float>, clearing: Bool,
                                 rows: TouchedRows, scale: Float, clipScale: Float,
                                 backup: UnsafeMutablePointer<RNNParameters<Float>>?, threads: Int) {
        step += 1
        let kind = settings.kind
        let lr = Float(settings.learningRate)
        let l2 = Float(settings.l2)
        let eps = Float(settings.epsilon)
        let b1 = Float(settings.beta1), b2 = Float(settings.beta2)
        // Bias corrections folded into the step size (Kingma & Ba, section 2).
        let correction1 = 1 - Float(pow(settings.beta1, Double(step)))
        let correction2 = 1 - Float(pow(settings.beta2, Double(step)))
        let stepSize = lr * correction2.squareRoot() / correction1
        let epsHat = eps * correction2.squareRoot()
        let partition = RowPartition(rows: rows, shape: params.shape, threads: threads)
        let clear: Int32 = clearing ? 1 : 0
        params.withMutablePointers { p in
            firstMoment.withMutablePointers { m in
                secondMoment.withMutablePointers { v in
                    Self.withPointers(of: backup) { b in
                        partition.run { share in
                            for piece in partition.shares[share] {
                                // Written only when clearing (then g came from mutable storage).
                                let pp = piece.address(in: p), gp = UnsafeMutablePointer(mutating: piece.address(in: g))
                                let saved = b.map { piece.address(in: $0) }
                                switch kind {
                                case .sgd:
                                    bptt_sgd_step_f32(pp, gp, saved, piece.count, scale, clipScale, lr, l2, clear)
                                case .adagrad:
                                    bptt_adagrad_step_f32(pp, gp, piece.address(in: v), saved, piece.count, scale,
                                                          clipScale, lr, l2, eps, clear)
                                case .adam:
                                    bptt_adam_step_f32(pp, gp, piece.address(in: m), piece.address(in: v), saved, piece.count,
                                                       scale, clipScale, l2, b1, b2, stepSize, epsHat, clear)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The undo log's tensors, or nil without one.
    private static func withPointers(of backup: UnsafeMutablePointer<RNNParameters<Float>>?,
                                     _ body: (MutableParameterPointers<Float>?) -> Void) {
        guard let backup else { return body(nil) }
        backup.pointee.withMutablePointers { body($0) }
    }

    /// The plain reference of one step (`apply` runs the same operations as vectorised kernels):
    /// every element of `p` with its gradient, moments `m` and `v` (as the kind needs), in the
    /// order the kernels use, so the two agree bit for bit.
    public static func referenceStep(kind: OptimizerKind, p: inout [Float], g: [Float], m: inout [Float], v: inout [Float],
                                     scale: Float, clipScale: Float, lr: Float, l2: Float, eps: Float,
                                     b1: Float, b2: Float, stepSize: Float, epsHat: Float) {
        for i in p.indices {
            let gi = (g[i] * scale) * clipScale + l2 * p[i]
            switch kind {
            case .sgd:
                p[i] -= lr * gi
            case .adagrad:
                v[i] += gi * gi
                p[i] -= lr * gi / (v[i].squareRoot() + eps)
            case .adam:
                m[i] = b1 * m[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                p[i] -= stepSize * m[i] / (v[i].squareRoot() + epsHat)
            }
        }
    }
}
