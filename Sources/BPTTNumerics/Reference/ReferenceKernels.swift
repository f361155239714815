import Foundation

/// Plain, obviously correct Swift versions of every kernel (llm.c style: one loop, one formula).
/// They define what the fast kernels must compute: the tests compare the CKernels/BLAS paths with
/// these, and the Float64 gradient-checking path runs on them directly.
public enum ReferenceKernels {
    public static func gatherBiasTanh(_ y: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>,
                                      indices: UnsafePointer<Int32>, bias: UnsafePointer<Double>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = Int(indices[r]) * width
            for i in 0..<width {
                y[r * width + i] = Foundation.tanh(y[r * width + i] + table[row + i] + bias[i])
            }
        }
    }

    public static func tanhBackward(gradient: UnsafePointer<Double>, state: UnsafePointer<Double>,
                                    delta: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { delta[i] = gradient[i] * (1 - state[i] * state[i]) }
    }

    public static func softmax(_ z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = z + r * width
            var largest = -Double.infinity
            for i in 0..<width { row[i] += bias[i]; largest = max(largest, row[i]) }
            var sum = 0.0
            for i in 0..<width { row[i] = Foundation.exp(row[i] - largest); sum += row[i] }
            for i in 0..<width { row[i] /= sum }
        }
    }

    /// Softmax in place; returns the masked sum of -log p[target] computed as log-sum-exp.
    public static func softmaxCrossEntropy(_ z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>,
                                           targets: UnsafePointer<Int32>, mask: UnsafePointer<Float>?,
                                           rows: Int, width: Int) -> Double {
        var total = 0.0
        for r in 0..<rows {
            let row = z + r * width
            let target = Int(targets[r])
            let targetLogit = row[target] + bias[target]
            var largest = -Double.infinity
            for i in 0..<width { largest = max(largest, row[i] + bias[i]) }
            var sum = 0.0
            for i in 0..<width { sum += Foundation.exp(row[i] + bias[i] - largest) }
            let loss = Foundation.log(sum) + largest - targetLogit
            total += loss * Double(mask?[r] ?? 1)
        }
        softmax(z, bias: bias, rows: rows, width: width)
        return total
    }

    public static func outputGradient(probabilities p: UnsafePointer<Double>, targets: UnsafePointer<Int32>,
                                      mask: UnsafePointer<Float>?, rows: Int, width: Int,
                                      into dy: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            let weight = Double(mask?[r] ?? 1)
            for i in 0..<width {
                let onehot: Double = i == Int(targets[r]) ? 1 : 0
                dy[r * width + i] = (p[r * width + i] - onehot) * weight
            }
        }
    }

    /// destination[indices[r]][0..<width] += source[r][0..<width], rows `stride` apart in both (a
    /// stride wider than `width`: a band of columns).
    public static func scatterAddRows(_ source: UnsafePointer<Double>, indices: UnsafePointer<Int32>, rows: Int,
                                      width: Int, stride: Int, into destination: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            let row = Int(indices[r]) * stride
            for i in 0..<width { destination[row + i] += source[r * stride + i] }
        }
    }

    /// Each row's sum of squares, in order.
    public static func rowSumsOfSquares(_ x: UnsafePointer<Double>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            var sum = 0.0
            for i in 0..<width { sum += x[r * width + i] * x[r * width + i] }
            sums[r] = sum
        }
    }

    public static func meanRowNorm(_ x: UnsafePointer<Double>, rows: Int, width: Int) -> Double {
        guard rows > 0 else { return 0 }
        var total = 0.0
        for r in 0..<rows {
            var squares = 0.0
            for i in 0..<width { squares += x[r * width + i] * x[r * width + i] }
            total += squares.squareRoot()
        }
        return total / Double(rows)
    }

    /// u = A v, then w = Aᵀ u for the n x n row-major A: one power-iteration step on AᵀA. Each u[i]
    /// is summed as the kernel does (four partial sums by index mod 4, the tail into the first), so
    /// the two agree bit for bit.
    public static func normalStep(_ a: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
                                  u: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>, n: Int) {
        for i in 0..<n {
            var partial = [0.0, 0.0, 0.0, 0.0]
            for j in 0..<n {
                let lane = j < n / 4 * 4 ? j % 4 : 0
                partial[lane] += a[i * n + j] * v[j]
            }
            u[i] = (partial[0] + partial[1]) + (partial[2] + partial[3])
        }
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += a[i * n + j] * u[i] }
            w[j] = sum
        }
    }

    /// `total` + Σ over `rows` rows of width `width` of each row's sum of squares, in Float64. Summed
    /// as the kernel does (eight partial sums by index mod 8 added pairwise, then the tail, then the
    /// rows in order), so the two agree bit for bit.
    public static func sumSquaresRows(_ x: UnsafePointer<Float>, rows: Int, width: Int, total start: Double = 0) -> Double {
        var total = start
        for r in 0..<rows {
            var partial = [Double](repeating: 0, count: 8)
            let vectorised = width / 8 * 8
            for i in 0..<vectorised {
                let value = Double(x[r * width + i])
                partial[i % 8] += value * value
            }
            var sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
                + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
            for i in vectorised..<width {
                let value = Double(x[r * width + i])
                sum += value * value
            }
            total += sum
        }
        return total
    }

    /// logits[i][j] = s_i . v_j (one word class's logits).
    public static func classLogits<T: BinaryFloatingPoint>(states s: UnsafePointer<T>, words v: UnsafePointer<T>,
                                                           into logits: UnsafeMutablePointer<T>, rows m: Int, words n: Int, width h: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: T = 0
                for p in 0..<h { sum += s[i * h + p] * v[j * h + p] }
                logits[i * n + j] = sum
            }
        }
    }

    /// dv_j += Σ_i dz[i][j] s_i, errors_i = Σ_j dz[i][j] v_j (the backward of `classLogits`).
    public static func classBackward<T: BinaryFloatingPoint>(_ dz: UnsafePointer<T>, states s: UnsafePointer<T>, words v: UnsafePointer<T>,
                                                             wordGradients dv: UnsafeMutablePointer<T>, errors: UnsafeMutablePointer<T>,
                                                             rows m: Int, words n: Int, width h: Int) {
        for i in 0..<m {
            for p in 0..<h {
                var sum: T = 0
                for j in 0..<n { sum += dz[i * n + j] * v[j * h + p] }
                errors[i * h + p] = sum
            }
        }
        for j in 0..<n {
            for p in 0..<h {
                var sum: T = 0
                for i in 0..<m { sum += dz[i * n + j] * s[i * h + p] }
                dv[j * h + p] += sum
            }
        }
    }

    /// c = alpha * op(a) op(b) + beta * c, row-major, as a triple loop.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aValue = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bValue = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += aValue * bValue
                }
                c[i * ldc + j] = alpha * sum + beta * c[i * ldc + j]
            }
        }
    }

    /// y = alpha * op(a) x + beta * y with a m x n, row-major.
    public static func gemv(transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        let outputs = transpose ? n : m
        let inputs = transpose ? m : n
        for i in 0..<outputs {
            var sum = 0.0
            for j in 0..<inputs { sum += (transpose ? a[j * lda + i] : a[i * lda + j]) * x[j] }
            y[i] = alpha * sum + beta * y[i]
        }
    }}
