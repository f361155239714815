import BPTTNumerics

/// Runs the whole bench: sgemm roofline, table 1 (backward time per sequence, naive vs optimized,
/// with the numpy reference beside it when available), table 2 (training throughput, at 1 and 2
/// worker threads). Single BLAS thread, FTZ/DAZ on (on every worker too). Lines are handed to `emit` as soon as they are measured.
public enum BenchRunner {
    /// Which tables to measure.
    public enum Tables: String, Sendable, CaseIterable {
        case all, backward, train
    }

    public static func run(plan: BenchPlan, tables: Tables = .all, numpyScript: String?, useNumpy: Bool,
                           emit: (String) -> Void) -> BenchReport {
        let previousThreads = NumericsEnvironment.blasThreads
        NumericsEnvironment.blasThreads = 1
        defer { NumericsEnvironment.blasThreads = previousThreads }
        NumericsEnvironment.enableFlushToZero()

        emit("bptt-lab bench: 1 BLAS thread, FTZ/DAZ on, Float32; thread CPU time, best of >= \(plan.minimumRuns) samples / \(plan.minimumSeconds) s per figure")
        emit("BLAS: \(NumericsEnvironment.blasConfiguration)")
        let sgemm = SgemmRoofline.measureGFLOPS(size: plan.sgemmSize, runs: plan.minimumRuns, seconds: plan.minimumSeconds)
        emit("sgemm \(plan.sgemmSize)x\(plan.sgemmSize)x\(plan.sgemmSize): \(BenchTables.number(sgemm, 1)) GFLOP/s (roofline)")

        var backward: [BackwardTiming] = []
        var train: [TrainingThroughput] = []
        if tables != .train {
            backward = backwardTable(plan: plan, numpyScript: numpyScript, useNumpy: useNumpy, emit: emit)
        }
        if tables != .backward {
            train = trainingTable(plan: plan, sgemm: sgemm, emit: emit)
        }
        return BenchReport(sgemmGFLOPS: sgemm, backward: backward, train: train)
    }

    static func backwardTable(plan: BenchPlan, numpyScript: String?, useNumpy: Bool,
                              emit: (String) -> Void) -> [BackwardTiming] {
        var numpyTimings: [NumpyReference.Timing] = []
        if useNumpy {
            emit("running the numpy reference (bench/numpy_reference.py) ...")
            switch NumpyReference.run(script: numpyScript, plan: plan) {
            case .measured(let version, let timings):
                numpyTimings = timings
                emit("numpy \(version): measured \(timings.count) sizes")
            case .skipped(let reason):
                emit("numpy comparison skipped: \(reason)")
            }
        } else {
            emit("numpy comparison skipped (--no-numpy)")
        }

        emit("")
        emit("Table 1: BPTT time per sequence, B=1, V=\(plan.vocabulary): the backward pass through time (output errors -> dU, dW, db),")
        emit("  the part the naive and optimized algorithms compute. out ms = the output layer's backward (dY, dV, dc, dL/ds), shared by")
        emit("  both engines: full backward = engine + out. dev = naive/opt vs (T+1)/2. sw/np = Swift time / numpy time.")
        BenchTables.backwardHeader(withNumpy: !numpyTimings.isEmpty).forEach(emit)
        var backward: [BackwardTiming] = []
        for hidden in plan.hiddenSizes {
            for length in plan.lengths {
                let measured = BackwardBenchmark.measure(hidden: hidden, length: length, vocabulary: plan.vocabulary,
                                                         runs: plan.minimumRuns, seconds: plan.minimumSeconds)
                let timing = BackwardTiming(hidden: hidden, length: length, naiveMilliseconds: 1000 * measured.naive,
                                            optimizedMilliseconds: 1000 * measured.optimized)
                backward.append(timing)
                let numpy = numpyTimings.first { $0.hidden == hidden && $0.length == length }
                emit(BenchTables.backwardRow(timing, outputLayerMilliseconds: 1000 * measured.outputLayer, numpy: numpy))
            }
        }
        return backward
    }

    static func trainingTable(plan: BenchPlan, sgemm: Double, emit: (String) -> Void) -> [TrainingThroughput] {
        emit("")
        emit("Table 2: training updates as `bptt-lab train` makes them (Trainer.update: batching, forward, softmax, optimized")
        emit("  backward, clipping, the divergence guard, the optimizer; sparse rows at word level), Float32. Standard rows: SGD,")
        emit("  stream mode in blocks of T steps, k2 = 0; a config row (kjv..., etc.): its own settings (T = k1).")
        emit("  tokens/s over >= \(plan.minimumSeconds * 2) s of updates after a warm-up,")
        emit("  as train's interval records count them. GFLOP/s counts the matrix products: 6BTH^2 + 6BTHV per update (with")
        emit("  classes V is C + the target class's size). data: unif = uniform random tokens, zipf = generated words with")
        emit("  P(rank r) ~ 1/r, else the config's corpus. output: full softmax, or N cl = N classes binned as class_binning says")
        emit("  (square roots of the counts unless the config says otherwise, as rnnlm 0.4b); vs full = tokens/s over the full")
        emit("  softmax's row at the same size in this run.")
        emit("  Wall clock; threads = worker threads, the B streams split across them (a class model splits rows and classes instead; the sgemm roofline is one thread's).")
        BenchTables.trainingHeader().forEach(emit)
        var train: [TrainingThroughput] = []
        func add(_ row: () throws -> TrainingThroughput) {
            do {
                let result = try row()
                train.append(result)
                let full = result.classes == nil ? nil : train.last { $0.isFullSoftmaxTwin(of: result) }
                emit(BenchTables.trainingRow(result, sgemmGFLOPS: sgemm, full: full))
            } catch {
                emit("  row skipped: \(error)")
            }
        }
        let runs = plan.minimumRuns * 4, seconds = plan.minimumSeconds * 2
        for size in plan.trainingSizes {
            for threads in plan.trainingThreads where threads == 1 || threads <= size.batch {
                add { try TrainingBenchmark.measure(size, threads: threads, runs: runs, seconds: seconds) }
            }
        }
        if let (config, corpus) = plan.trainingConfig.map({ ($0.0, $0.1) }) {
            for threads in plan.trainingThreads where threads == 1 || threads <= config.batch {
                var config = config
                config.threads = threads
                add { try TrainingBenchmark.measure(config: config, corpus: corpus, runs: runs, seconds: seconds) }
            }
        }
        return train
    }
}
