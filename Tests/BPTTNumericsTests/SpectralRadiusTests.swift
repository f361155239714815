import Foundation
import Testing
@testable import BPTTNumerics

struct SpectralRadiusTests {
    @Test func diagonalAndTriangularMatricesGiveTheirLargestDiagonalEntry() {
        // Upper triangular (non-normal): eigenvalues are the diagonal 0.9, -0.5, 0.2.
        let triangular: [Double] = [0.9, 1, 1, 0, -0.5, 1, 0, 0, 0.2]
        #expect(abs(spectralRadiusEstimate(triangular, hidden: 3, iterations: 300, seed: 1) - 0.9) < 1e-3)
        let diagonal: [Float] = [-2, 0, 0, 0.5]
        #expect(abs(spectralRadiusEstimate(diagonal, hidden: 2, iterations: 200, seed: 2) - 2) < 1e-3)
    }

    @Test func complexDominantPairConverges() {
        // 1.3 x rotation by 1 radian, plus a smaller real eigenvalue: the dominant pair is complex.
        let r = 1.3, a = 1.0
        let w: [Double] = [r * cos(a), -r * sin(a), 0, r * sin(a), r * cos(a), 0, 0, 0, 0.4]
        #expect(abs(spectralRadiusEstimate(w, hidden: 3, iterations: 2000, seed: 3) - 1.3) < 5e-3)
    }

    @Test func degenerateInputs() {
        #expect(spectralRadiusEstimate([Double](repeating: 0, count: 9), hidden: 3, iterations: 10, seed: 1) == 0)
        // Nilpotent: W^2 = 0.
        #expect(spectralRadiusEstimate([0, 1, 0, 0] as [Double], hidden: 2, iterations: 10, seed: 1) == 0)
        #expect(spectralRadiusEstimate([1, 0, 0, 1] as [Double], hidden: 2, iterations: 0, seed: 1) == 0)
        #expect(spectralRadiusEstimate([.nan, 0, 0, 1] as [Double], hidden: 2, iterations: 5, seed: 1).isNaN)
    }

    @Test func initialisedRecurrentWeightsHaveARadiusBelowOne() {
        // Uniform in ±sqrt(1/H): the circular law puts the radius near sqrt(H * var) = 1/sqrt(3).
        let p = RNNParameters<Float>(shape: RNNShape(vocabulary: 10, hidden: 128), seed: 4)
        let radius = spectralRadiusEstimate(p.W, hidden: 128, iterations: 400, seed: 5)
        #expect(radius > 0.45 && radius < 0.7, "radius \(radius)")
    }
}
