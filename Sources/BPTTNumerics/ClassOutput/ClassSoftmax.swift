import Foundation

/// The class-factored output layer: P(w|s) = P(class(w)|s) · P(w|class(w), s), with
///     P(k|s) = softmax_k(classV s + classC)             over the C classes,
///     P(w|k, s) = softmax_w(V s + c) over the words of class k only.
/// A prediction costs ~2H(C + |class|) flops instead of 2HV. The word weights are the model's V and c
/// in slot order (`WordClasses.slotOf`: class k's words are rows starts[k]..<starts[k + 1]; only the
/// target class's rows are read and updated); the class weights are C x H and C.
///
/// Forward and backward of one row side by side; plain loops over the class and its words. The
/// gradients are those of mask · -log P(target|s). This is the plain reference of
/// `ClassSoftmaxLayer`, which does the same for all rows of a window with one product per class.
public enum ClassSoftmax {
    /// Pointers of one layer's weights (or gradients): word V (V x H), c (V), class V (C x H), class c (C).
    public struct Weights<P> {
        public var V: P, c: P, classV: P, classC: P
        public init(V: P, c: P, classV: P, classC: P) { self.V = V; self.c = c; self.classV = classV; self.classC = classC }
    }

    /// -log P(target|s) of one row. Leaves P(k|s) in `classProbabilities` (C values) and P(w|k, s)
    /// for the target class's words in `wordProbabilities` (|class| values, in `members` order).
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func forwardRow<T: RNNScalar>(state s: UnsafePointer<T>, target: Int, hidden h: Int,
                                                classes: WordClasses, weights w: Weights<UnsafePointer<T>>,
                                                classProbabilities: UnsafeMutablePointer<T>,
                                                wordProbabilities: UnsafeMutablePointer<T>) -> Double {
        let k = Int(classes.classOf[target])
        let classLogProbability = logSoftmax(count: classes.count, into: classProbabilities, target: k) { j in
            T.dot(count: h, x: w.classV + j * h, y: s) + w.classC[j]
        }
        let first = classes.starts[k], size = classes.size(of: k)
        let wordLogProbability = logSoftmax(count: size, into: wordProbabilities, target: Int(classes.slotOf[target]) - first) { i in
            T.dot(count: h, x: w.V + (first + i) * h, y: s) + w.c[first + i]
        }
        return -(classLogProbability + wordLogProbability)
    }

    /// The backward of `forwardRow` for the same row: with dz = (P - onehot) · weight on both
    /// softmaxes, ADDS dz ⊗ s into the class weights' and the class words' gradient rows, dz into
    /// the biases, and WRITES ds = classVᵀ dz_class + Σ_w V_w dz_w into `stateError` (H values).
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public static func backwardRow<T: RNNScalar>(state s: UnsafePointer<T>, target: Int, weight: T, hidden h: Int,
                                                 classes: WordClasses, weights w: Weights<UnsafePointer<T>>,
                                                 classProbabilities: UnsafePointer<T>, wordProbabilities: UnsafePointer<T>,
                                                 gradients g: Weights<UnsafeMutablePointer<T>>,
                                                 stateError ds: UnsafeMutablePointer<T>) {
        ds.zeroFill(count: h)
        guard weight != 0 else { return }
        let k = Int(classes.classOf[target])
        for j in 0..<classes.count {
            let dz = (classProbabilities[j] - (j == k ? 1 : 0)) * weight
            T.axpy(count: h, alpha: dz, x: s, y: g.classV + j * h)
            g.classC[j] += dz
            T.axpy(count: h, alpha: dz, x: w.classV + j * h, y: ds)
        }
        let first = classes.starts[k], targetSlot = Int(classes.slotOf[target])
        for i in 0..<classes.size(of: k) {
            let slot = first + i
            let dz = (wordProbabilities[i] - (slot == targetSlot ? 1 : 0)) * weight
            T.axpy(count: h, alpha: dz, x: s, y: g.V + slot * h)
            g.c[slot] += dz
            T.axpy(count: h, alpha: dz, x: w.V + slot * h, y: ds)
        }
    }

    /// P(w|s) for every word id (sampling): sums to 1 over the vocabulary.
    public static func distribution<T: RNNScalar>(state s: UnsafePointer<T>, hidden h: Int, classes: WordClasses,
                                                  weights w: Weights<UnsafePointer<T>>) -> [Double] {
        var classP = [T](repeating: 0, count: classes.count)
        var wordP = [T](repeating: 0, count: classes.largestClass)
        var out = [Double](repeating: 0, count: classes.vocabulary)
        _ = logSoftmax(count: classes.count, into: &classP, target: -1) { j in
            T.dot(count: h, x: w.classV + j * h, y: s) + w.classC[j]
        }
        for k in 0..<classes.count {
            let first = classes.starts[k]
            _ = logSoftmax(count: classes.size(of: k), into: &wordP, target: -1) { i in
                T.dot(count: h, x: w.V + (first + i) * h, y: s) + w.c[first + i]
            }
            for i in 0..<classes.size(of: k) {
                out[Int(classes.members[first + i])] = Double(classP[k]) * Double(wordP[i])
            }
        }
        return out
    }

    /// probabilities[i] = softmax(logit(i)) for i < count (in Double, stored as T); returns
    /// log probabilities[target] (0 when target < 0).
    @inline(__always)
    static func logSoftmax<T: RNNScalar>(count: Int, into probabilities: UnsafeMutablePointer<T>, target: Int,
                                         _ logit: (Int) -> T) -> Double {
        var largest = -Double.infinity
        for i in 0..<count {
            let z = logit(i)
            probabilities[i] = z
            largest = max(largest, Double(z))
        }
        var sum = 0.0
        for i in 0..<count { sum += Foundation.exp(Double(probabilities[i]) - largest) }
        let logSum = largest + Foundation.log(sum)
        var targetLog = 0.0
        for i in 0..<count {
            let logP = Double(probabilities[i]) - logSum
            if i == target { targetLog = logP }
            probabilities[i] = T(Foundation.exp(logP))
        }
        return targetLog
    }

    static func logSoftmax<T: RNNScalar>(count: Int, into probabilities: inout [T], target: Int,
                                         _ logit: (Int) -> T) -> Double {
        probabilities.withUnsafeMutableBufferPointer { logSoftmax(count: count, into: $0.baseAddress!, target: target, logit) }
    }
}
