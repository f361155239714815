import Testing
@testable import BPTTNumerics

/// Seeded initialisation (pinned values: same seed, same weights on any machine), tensor access.
struct ParametersTests {
    @Test func generatorMatchesTheXoshiroReferenceVectors() {
        // xoshiro256** from the raw state (1, 2, 3, 4), as in the reference C implementation.
        var raw = SeededGenerator(state: (1, 2, 3, 4))
        #expect((0..<6).map { _ in raw.next() } == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
                                                   1_216_172_134_540_287_360, 607_988_272_756_665_600])
        // Seeded through SplitMix64 (values from an independent Python implementation).
        var seeded = SeededGenerator(seed: 42)
        #expect((0..<3).map { _ in seeded.next() } == [1_546_998_764_402_558_742, 6_990_951_692_964_543_102,
                                                      12_544_586_762_248_559_009])
    }

    @Test func initialisationIsPinnedAndUniformInTheFanInRange() {
        let shape = RNNShape(vocabulary: 3, hidden: 2)
        let p = RNNParameters<Double>(shape: shape, seed: 42)
        // Values from an independent Python implementation of the documented procedure.
        #expect(p.U == [-0.4805136513566962, -0.13974156971433863, 0.20789622364582938, 0.49039317261309506,
                        0.5678862445985673, 0.31146830018554855])
        #expect(p.W == [0.3100784545015857, 0.49498668832400045, 0.3696391944752233, 0.11787372424506595])
        #expect(p.V == [0.25802732269991474, -0.2960263482193015, 0.42571264416907373, -0.25256209024749104,
                        0.29861111578867633, 0.534243539550624])
        #expect(p.b == [0, 0] && p.c == [0, 0, 0])
        // Float weights are the same draws rounded.
        let f = RNNParameters<Float>(shape: shape, seed: 42)
        #expect(f.U == p.U.map { Float($0) } && f.W == p.W.map { Float($0) } && f.V == p.V.map { Float($0) })
        #expect(f.converted(to: Double.self).converted(to: Float.self) == f)
    }

    @Test func weightsStayWithinTheirFanInBoundsAndSeedsDiffer() {
        let shape = RNNShape(vocabulary: 50, hidden: 20)
        let p = RNNParameters<Double>(shape: shape, seed: 7)
        #expect(p.U.allSatisfy { abs($0) <= (1.0 / 50).squareRoot() })
        #expect(p.W.allSatisfy { abs($0) <= (1.0 / 20).squareRoot() })
        #expect(p.V.allSatisfy { abs($0) <= (1.0 / 20).squareRoot() })
        // Roughly uniform: the mean of |w| / bound is near 1/2.
        let meanFraction = p.W.reduce(0) { $0 + abs($1) } / Double(p.W.count) / (1.0 / 20).squareRoot()
        #expect(abs(meanFraction - 0.5) < 0.05)
        #expect(RNNParameters<Double>(shape: shape, seed: 7) == p)
        #expect(RNNParameters<Double>(shape: shape, seed: 8) != p)
        #expect(shape.parameterCount == 50 * 20 + 20 * 20 + 20 + 50 * 20 + 50)
    }

    @Test func tensorsCanBeVisitedAndAddressedByName() throws {
        let shape = RNNShape(vocabulary: 4, hidden: 3)
        var p = RNNParameters<Float>(shape: shape, seed: 1)
        #expect(p.tensorNames == ["U", "W", "b", "V", "c"])
        var visited: [String] = []
        var total = 0
        p.withTensors { name, values in
            visited.append(name)
            total += values.count
            values[0] = 9
        }
        #expect(visited == p.tensorNames)
        #expect(total == shape.parameterCount)
        #expect(p.U[0] == 9 && p.W[0] == 9 && p.b[0] == 9 && p.V[0] == 9 && p.c[0] == 9)
        p[tensor: "b"] = [1, 2, 3]
        #expect(p.b == [1, 2, 3] && p[tensor: "b"] == [1, 2, 3])
        #expect(RNNParameters<Float>.keyPath(forTensor: "nope") == nil)
        var squares = 0.0
        p.forEachTensor { _, values in for x in values { squares += Double(x) * Double(x) } }
        #expect(abs(p.squaredNorm - squares) < 1e-4 * squares)
        p.zero()
        #expect(p == RNNParameters<Float>.zeros(shape: shape))
        try p.validate()
    }

    @Test func validationNamesTheBadTensorOrSize() {
        let shape = RNNShape(vocabulary: 4, hidden: 3)
        var p = RNNParameters<Double>.zeros(shape: shape)
        p.W = [1, 2]
        #expect(throws: LabError("tensor W has 2 values, expected 9 for V=4 H=3")) { try p.validate() }
        p = .zeros(shape: shape)
        p.c[2] = .infinity
        #expect(throws: LabError("tensor c has a non-finite value at index 2")) { try p.validate() }
        #expect(throws: LabError.self) { try RNNShape(vocabulary: 0, hidden: 3).validate() }
        #expect(throws: LabError.self) { try RNNShape(vocabulary: 3, hidden: -1).validate() }
    }
}
