import Foundation
import Testing
@testable import BPTTNumerics

/// The class-factored output layer on its own: rnnlm's binnings (by count and by its square root), exact normalisation, the
/// loss against a plain reference, and finite-difference gradients in Float64.
struct ClassSoftmaxTests {
    @Test func binningFollowsRnnlm() throws {
        // Shares 0.4, 0.2, 0.2, 0.1, 0.1 into 4 classes: df 0.4 > 0.25 -> next class; 0.6 > 0.5 -> next;
        // 0.8 > 0.75 -> next; the rest stays in the last class.
        let classes = WordClasses(counts: [20, 40, 10, 10, 20], classes: 4, binning: .frequency)
        #expect(classes.classOf == [1, 0, 3, 3, 2])
        #expect(classes.members == [1, 0, 4, 2, 3] && classes.starts == [0, 1, 2, 3, 5])
        // One word with most of the text covers several shares, but the class moves on by one a word
        // (as in rnnlm): classes 4...9 would stay empty and are dropped.
        let skewed = WordClasses(counts: [97, 1, 1, 1], classes: 10, binning: .frequency)
        #expect(skewed.count == 4 && skewed.classOf == [0, 1, 2, 3])
        #expect(try WordClasses(classOf: [5, 2, 5, 9]).classOf == [1, 0, 1, 2])
    }

    @Test func sqrtBinningFollowsRnnlm() {
        // rnnlm 0.4b's default: shares sqrt(16), sqrt(4), sqrt(4), sqrt(1) = 4, 2, 2, 1 of 9 into 2 classes:
        // df 4/9 stays, 6/9 > 1/2 -> next class after word 1. By counts, 16/25 > 1/2 already moves on
        // after word 0.
        #expect(WordClasses(counts: [16, 4, 4, 1], classes: 2, binning: .sqrt).classOf == [0, 0, 1, 1])
        #expect(WordClasses(counts: [16, 4, 4, 1], classes: 2, binning: .frequency).classOf == [0, 1, 1, 1])
    }

    struct Layer {
        var h: Int, classes: WordClasses
        var V: [Double], c: [Double], classV: [Double], classC: [Double]
        init(vocabulary: Int, hidden: Int, classCount: Int, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            let counts = (0..<vocabulary).map { _ in Int(generator.next() % 50) + 1 }
            h = hidden
            classes = WordClasses(counts: counts, classes: classCount, binning: .frequency)
            V = (0..<(vocabulary * hidden)).map { _ in generator.nextSymmetric(0.8) }
            c = (0..<vocabulary).map { _ in generator.nextSymmetric(0.5) }
            classV = (0..<(classes.count * hidden)).map { _ in generator.nextSymmetric(0.8) }
            classC = (0..<classes.count).map { _ in generator.nextSymmetric(0.5) }
        }

        func loss(_ s: [Double], target: Int) -> Double {
            var classP = [Double](repeating: 0, count: classes.count), wordP = [Double](repeating: 0, count: classes.largestClass)
            return V.withUnsafeBufferPointer { V in c.withUnsafeBufferPointer { c in
                classV.withUnsafeBufferPointer { cV in classC.withUnsafeBufferPointer { cC in
                    ClassSoftmax.forwardRow(state: s, target: target, hidden: h, classes: classes,
                                            weights: .init(V: V.baseAddress!, c: c.baseAddress!, classV: cV.baseAddress!, classC: cC.baseAddress!),
                                            classProbabilities: &classP, wordProbabilities: &wordP)
                } } } }
        }

        func distribution(_ s: [Double]) -> [Double] {
            V.withUnsafeBufferPointer { V in c.withUnsafeBufferPointer { c in
                classV.withUnsafeBufferPointer { cV in classC.withUnsafeBufferPointer { cC in
                    ClassSoftmax.distribution(state: s, hidden: h, classes: classes,
                                              weights: .init(V: V.baseAddress!, c: c.baseAddress!, classV: cV.baseAddress!, classC: cC.baseAddress!))
                } } } }
        }

        /// Plain reference: both softmaxes written out, P(w) = P(k) P(w|k).
        func referenceLoss(_ s: [Double], target: Int) -> Double {
            func dot(_ a: ArraySlice<Double>, _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            let classLogits = (0..<classes.count).map { dot(classV[($0 * h)..<(($0 + 1) * h)], s) + classC[$0] }
            let k = Int(classes.classOf[target])
            let words = (0..<classes.vocabulary).filter { Int(classes.classOf[$0]) == k }
            // V and c are in slot order: word w's row is slotOf[w].
            let wordLogits = words.map { w -> Double in
                let slot = Int(classes.slotOf[w])
                return dot(V[(slot * h)..<((slot + 1) * h)], s) + c[slot]
            }
            let pClass = exp(classLogits[k]) / classLogits.map(exp).reduce(0, +)
            let pWord = exp(wordLogits[words.firstIndex(of: target)!]) / wordLogits.map(exp).reduce(0, +)
            return -log(pClass * pWord)
        }
    }

    @Test func probabilitiesSumToOneAndMatchTheLoss() {
        let layer = Layer(vocabulary: 37, hidden: 6, classCount: 5, seed: 81)
        var generator = SeededGenerator(seed: 82)
        for _ in 0..<5 {
            let s = (0..<6).map { _ in generator.nextSymmetric(1) }
            let p = layer.distribution(s)
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            for target in [0, 7, 36] {
                #expect(abs(layer.loss(s, target: target) + log(p[target])) < 1e-12)
                #expect(abs(layer.loss(s, target: target) - layer.referenceLoss(s, target: target)) < 1e-12)
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        var layer = Layer(vocabulary: 23, hidden: 5, classCount: 4, seed: 83)
        var generator = SeededGenerator(seed: 84)
        let s = (0..<5).map { _ in generator.nextSymmetric(1) }
        let (target, weight) = (11, 0.75)
        var classP = [Double](repeating: 0, count: layer.classes.count)
        var wordP = [Double](repeating: 0, count: layer.classes.largestClass)
        var gV = [Double](repeating: 0, count: layer.V.count), gc = [Double](repeating: 0, count: layer.c.count)
        var gClassV = [Double](repeating: 0, count: layer.classV.count), gClassC = [Double](repeating: 0, count: layer.classC.count)
        var ds = [Double](repeating: 0, count: 5)
        let fixed = layer
        fixed.V.withUnsafeBufferPointer { V in fixed.c.withUnsafeBufferPointer { c in
            fixed.classV.withUnsafeBufferPointer { cV in fixed.classC.withUnsafeBufferPointer { cC in
                let weights = ClassSoftmax.Weights(V: V.baseAddress!, c: c.baseAddress!, classV: cV.baseAddress!, classC: cC.baseAddress!)
                _ = ClassSoftmax.forwardRow(state: s, target: target, hidden: 5, classes: fixed.classes, weights: weights,
                                            classProbabilities: &classP, wordProbabilities: &wordP)
                gV.withUnsafeMutableBufferPointer { gV in gc.withUnsafeMutableBufferPointer { gc in
                    gClassV.withUnsafeMutableBufferPointer { gcV in gClassC.withUnsafeMutableBufferPointer { gcC in
                        ClassSoftmax.backwardRow(state: s, target: target, weight: weight, hidden: 5, classes: fixed.classes,
                                                 weights: weights, classProbabilities: classP, wordProbabilities: wordP,
                                                 gradients: .init(V: gV.baseAddress!, c: gc.baseAddress!, classV: gcV.baseAddress!, classC: gcC.baseAddress!),
                                                 stateError: &ds)
                    } } } }
            } } } }
        func check(_ analytic: [Double], _ numeric: [Double], _ name: String) {
            let scale = max(numeric.map(abs).max() ?? 0, 1e-3)
            let worst = zip(analytic, numeric).map { abs($0 - $1) }.max() ?? 0
            #expect(worst / scale < 1e-8, "\(name): \(worst / scale)")
        }
        check(ds, FiniteDifferences.gradient(of: { weight * layer.referenceLoss($0, target: target) }, at: s), "s")
        check(gV, FiniteDifferences.gradient(of: { layer.V = $0; return weight * layer.referenceLoss(s, target: target) }, at: fixed.V), "V")
        layer = fixed
        check(gc, FiniteDifferences.gradient(of: { layer.c = $0; return weight * layer.referenceLoss(s, target: target) }, at: fixed.c), "c")
        layer = fixed
        check(gClassV, FiniteDifferences.gradient(of: { layer.classV = $0; return weight * layer.referenceLoss(s, target: target) }, at: fixed.classV), "classV")
        layer = fixed
        check(gClassC, FiniteDifferences.gradient(of: { layer.classC = $0; return weight * layer.referenceLoss(s, target: target) }, at: fixed.classC), "classC")
        // Only the target class's words get word-weight gradients.
        let k = fixed.classes.classOf[target]
        for word in 0..<23 where fixed.classes.classOf[word] != k { #expect(gc[Int(fixed.classes.slotOf[word])] == 0) }
    }
}
