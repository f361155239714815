import BPTTNumerics

/// Everything the trainer needs to know, already validated (configs map into this).
public struct TrainerSettings: Sendable, Equatable {
    public var hidden: Int = 64
    public var batch: Int = 16
    public var seed: UInt64 = 1
    public var truncation: Truncation = .blocks(k1: 10, k2: 10)
    public var engine: EngineKind = .optimized
    public var recurrentInit: RecurrentInit = .uniform
    /// Spectral radius of an orthogonal W, or the factor on the uniform one.
    public var recurrentScale = 1.0
    public var optimizer = OptimizerSettings()
    public var scheduleEnabled = true
    public var minImprovement = 1.003
    /// Global-norm clipping threshold, 0 = off.
    public var clipNorm = 5.0
    /// Elementwise clipping threshold (rnnlm's gradient cutoff), 0 = off.
    public var clipValue = 0.0
    /// 0 = until the schedule stops.
    public var maxEpochs = 0
    /// 0 = unlimited.
    public var maxSteps = 0
    /// Updates between validations, 0 = never.
    public var validateEvery = 200
    /// Tokens of the validation set to use, 0 = all.
    public var validTokens = 0
    /// Updates between text samples, 0 = never.
    public var sampleEvery = 500
    public var sampleLength = 200
    public var temperature = 0.8
    public var prime = ""
    /// Sentences longer than this are cut into pieces of this length (sentence mode only).
    public var maxSentenceLength = 512

    public init() {}
}
