import BPTTCorpus
import BPTTNumerics

/// One config key: its name, type, help, and how it reads and writes `TrainingConfig`.
struct ConfigKey: Sendable {
    let name: String
    let type: ConfigValueType
    let help: String
    /// The key's value in a config; nil when the key does not apply to it (k1 and k2 in sentence mode).
    let get: @Sendable (TrainingConfig) -> ConfigValueType.Value?
    /// Only called when `get` gives a value (the key applies).
    let set: @Sendable (inout TrainingConfig, ConfigValueType.Value) -> Void
    /// Extra check beyond the type's range; returns the reason when the value is refused.
    var refine: (@Sendable (ConfigValueType.Value) -> String?)? = nil
    /// For a key that does not always apply: the setting it needs ("truncation = blocks").
    var appliesOnlyWith: String? = nil
    /// What the key does when given with --resume.
    var resume = ResumeRule.readFromConfig

    func onResume(_ rule: ResumeRule) -> ConfigKey {
        var key = self
        key.resume = rule
        return key
    }
}

/// All config keys, in the order the documentation and rendered files list them.
enum ConfigSchema {
    static let keys: [ConfigKey] = [
        string("name", \.name, nonEmpty: true,
               "run name, used in the run folder's name and the dashboard title (no '/')",
               refine: { $0.contains("/") ? "must not contain '/'" : nil }),
        string("description", \.description, "one line shown in the run picker"),
        string("corpus", \.corpus, nonEmpty: true,
               "\"builtin\" (the generated long-dependency language), a UTF-8 text file, or a folder (its .md and "
               + ".txt files in name order); a relative path is looked up next to the config file first, then in "
               + "the current directory"),
        string("valid", \.valid, "validation text file; \"\" = hold out valid_fraction of the corpus's lines"),
        string("test", \.test, "test text file; \"\" = hold out test_fraction of the corpus's lines"),
        choice("level", \.level, "tokens: characters (Unicode scalars) or whitespace-separated words")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("min_count", \.minCount, 1...1_000_000_000, "tokens seen fewer times in training read as <unk>")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("max_vocab", \.maxVocab, 0...10_000_000,
                "most vocabulary entries including <unk> and the end token; 0 = unlimited",
                refine: { $0 == .integer(1) || $0 == .integer(2) ? "must be 0 (unlimited) or at least 3" : nil })
            .onResume(.fixed(ResumeRule.vocabulary)),
        number("valid_fraction", \.validFraction, closed: 0, open: 1, "share of lines held out for validation")
            .onResume(.fixed(ResumeRule.vocabulary)),
        number("test_fraction", \.testFraction, closed: 0, open: 1, "share of lines held out for testing")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("builtin_distance", \.builtinDistance, SyntheticCorpusSpec.distanceRange,
                "built-in corpus: d, the distance at which a sentence's key is repeated")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("builtin_keys", \.builtinKeys, SyntheticCorpusSpec.keysRange, "built-in corpus: number of key letters")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("builtin_sentences", \.builtinSentences, 10...10_000_000,
                "built-in corpus: training sentences (validation and test get a tenth each)")
            .onResume(.fixed(ResumeRule.vocabulary)),
        integer("builtin_distractors", \.builtinDistractors, SyntheticCorpusSpec.distractorsRange,
                "built-in corpus: vowels each vowel slot of the filler draws from at random; 1 = always \"a\"")
            .onResume(.fixed(ResumeRule.vocabulary)),
        unsigned("seed", \.seed, "seed of weights, data generation and shuffling")
            .onResume(.fixed(ResumeRule.seed)),
        integer("hidden", \.hidden, 1...4096, "hidden units H")
            .onResume(.fixed(ResumeRule.shape)),
        choice("cell", \.cell,
               "recurrent cell: elman = s_t = tanh(U x_t + W s_{t-1} + b); gru = Cho et al.'s gated unit (update and "
               + "reset gates, the reset applied after the recurrent product as in cuDNN); lstm = input, forget and "
               + "output gates with a cell state c that errors can travel along unchanged (forget bias starts at 1)")
            .onResume(.fixed(ResumeRule.shape)),
        choice("output", \.output,
               "output layer: full = softmax over the whole vocabulary; classes = rnnlm's class-factored softmax "
               + "P(w) = P(class) P(w|class), words binned into `classes` classes by training counts (class_binning) "
               + "(~2H(C + V/C) flops a prediction instead of 2HV; for word-level vocabularies)")
            .onResume(.fixed(ResumeRule.shape)),
        integer("classes", \.classes, 1...1_000_000,
                "output = classes: number of word classes C (rnnlm's -class; about sqrt(V) is fastest)")
            .onResume(.fixed(ResumeRule.shape)),
        choice("class_binning", \.classBinning,
               "output = classes: how words are binned, most frequent first, each class taking ~1/C of the total "
               + "share: sqrt = a word's share is the square root of its count (rnnlm 0.4b's default: classes of "
               + "~5x fewer words a prediction on a Zipf text), frequency = its count (rnnlm's -old-classes)")
            .onResume(.fixed(ResumeRule.shape)),
        integer("batch", \.batch, 1...1024, "parallel streams (stream mode) or sentences per update (sentence mode)")
            .onResume(.fixed(ResumeRule.streams)),
        truncationMode("blocks = stream mode with truncated BPTT; off = sentence mode, full BPTT")
            .onResume(.restored(.truncation)),
        blockSize("k1", Truncation.k1Range, "stream mode: time steps per update block",
                  get: \.k1, with: { truncation, k1 in .blocks(k1: k1, k2: truncation.k2!) })
            .onResume(.restored(.truncation)),
        blockSize("k2", Truncation.k2Range, "stream mode: extra earlier steps errors are propagated into",
                  get: \.k2, with: { truncation, k2 in .blocks(k1: truncation.k1!, k2: k2) })
            .onResume(.restored(.truncation)),
        choice("engine", \.engine, "backward algorithm: naive (O(T^2) per window) or optimized (O(T))")
            .onResume(.restored(.engine)),
        choice("recurrent_init", \.recurrentInit,
               "initial W: orthogonal (scaled to spectral radius recurrent_scale; a gated cell: each gate's block) or "
               + "uniform +-sqrt(1/H) (times recurrent_scale)")
            .onResume(.fixed(ResumeRule.initialWeights)),
        number("recurrent_scale", \.recurrentScale, above: 0,
               "spectral radius of the initial W (orthogonal) or factor on it (uniform); < 1 vanishing, > 1 exploding")
            .onResume(.fixed(ResumeRule.initialWeights)),
        choice("optimizer", \.optimizer, "sgd (with the rnnlm schedule), adagrad or adam")
            .onResume(.restored(.optimizer { $0.kind = $1.kind })),
        number("learning_rate", \.learningRate, above: 0, "initial learning rate")
            .onResume(.restored(.optimizer { $0.learningRate = $1.learningRate })),
        choice("lr_schedule", \.lrSchedule,
               "rnnlm: halve the rate each epoch once validation improves by less than min_improvement, "
               + "stop at the second time; none: constant"),
        number("min_improvement", \.minImprovement, atLeast: 1, "rnnlm schedule: improvement factor below which halving starts"),
        number("clip_norm", \.clipNorm, atLeast: 0, "clip the global gradient norm to this; 0 = off"),
        number("clip_value", \.clipValue, atLeast: 0, "clip each gradient element to +-this (like rnnlm); 0 = off"),
        number("l2", \.l2, atLeast: 0, "L2 weight decay (coupled: l2*p is added to each gradient)")
            .onResume(.restored(.optimizer { $0.l2 = $1.l2 })),
        choice("sparse_updates", \.sparseUpdates,
               "update only the rows a block's gradient touches: U's rows of its input words and, with classes, V's "
               + "and c's rows of its target classes (as rnnlm does); on, off, or auto = on at word level. Same "
               + "result as dense for SGD and Adagrad; Adam is then lazy (an untouched row's moments do not decay, "
               + "as LazyAdam/SparseAdam); L2 with SGD decays an untouched row all at once when it is next used, "
               + "with Adagrad/Adam only on the rows updated"),
        number("recurrent_max_norm", \.recurrentMaxNorm, atLeast: 0,
               "after every update scale W down so its largest singular value is at most this (each step back "
               + "then multiplies an error by at most this); 0 = off; Elman only (a gated cell's W holds its gates' "
               + "weights and is left as it is)"),
        number("adam_beta1", \.adamBeta1, closed: 0, open: 1, "Adam: first-moment decay")
            .onResume(.restored(.optimizer { $0.beta1 = $1.beta1 })),
        number("adam_beta2", \.adamBeta2, closed: 0, open: 1, "Adam: second-moment decay")
            .onResume(.restored(.optimizer { $0.beta2 = $1.beta2 })),
        number("adam_epsilon", \.adamEpsilon, above: 0, "Adam and Adagrad: denominator epsilon")
            .onResume(.restored(.optimizer { $0.epsilon = $1.epsilon })),
        integer("max_epochs", \.maxEpochs, 0...1_000_000, "stop after this many epochs; 0 = when the schedule stops"),
        integer("max_steps", \.maxSteps, 0...Int.max, "stop after this many updates; 0 = unlimited"),
        integer("validate_every", \.validateEvery, 1...100_000_000, "updates between validations"),
        integer("valid_tokens", \.validTokens, 0...Int.max, "validation tokens per evaluation; 0 = the whole set"),
        integer("sample_every", \.sampleEvery, 0...100_000_000, "updates between text samples; 0 = never"),
        integer("sample_length", \.sampleLength, 0...100_000, "tokens per sample"),
        number("temperature", \.temperature, above: 0, "sampling temperature"),
        string("prime", \.prime, "text the samples start from"),
        number("probe_every_seconds", \.probeEverySeconds, atLeast: 0,
               "seconds between timing probes (naive vs optimized); 0 = off"),
        number("probe_max_share", \.probeMaxShare, closed: 0, closed: 0.5, "most share of training time the probe may take"),
        string("checkpoint", \.checkpoint, "checkpoint file to save; \"\" = none"),
        integer("checkpoint_every", \.checkpointEvery, 0...100_000_000, "updates between checkpoints; 0 = only at the end"),
        string("run_dir", \.runDir, nonEmpty: true, "folder for run folders (metrics), relative to the current directory"),
        integer("threads", \.threads, 0...64,
                "worker threads of a training step (the B streams or sentences are split across them, gradients "
                + "added in a fixed order: identical results for a given count); 0 = automatic: the machine's cores "
                + "when each gets >= 2 MFLOP per time step (6*B*H*(H+V)), else fewer (1 for the built-in demo)"),
        integer("metrics_every", \.metricsEvery, 1...100_000_000, "updates per metrics record"),
    ]

    static let byName: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: keys.map { ($0.name, $0) })
    static var names: [String] { keys.map(\.name) }

    // MARK: builders

    /// `truncation`: off, or blocks (keeping the block sizes already set, else `TrainingConfig.defaultBlocks`).
    private static func truncationMode(_ help: String) -> ConfigKey {
        ConfigKey(name: "truncation", type: .choice([Truncation.blocksName, Truncation.offName]), help: help,
                  get: { .string($0.truncation.modeName) },
                  set: { config, value in
                      guard case .string(let mode) = value else { return }
                      if mode == Truncation.offName {
                          config.truncation = .off
                      } else if config.truncation == .off {
                          config.truncation = TrainingConfig.defaultBlocks
                      }
                  })
    }

    /// `k1` or `k2`: a block size, which exists only in stream mode (truncation = blocks).
    private static func blockSize(_ name: String, _ range: ClosedRange<Int>, _ help: String,
                                  get: KeyPath<Truncation, Int?> & Sendable,
                                  with: @escaping @Sendable (Truncation, Int) -> Truncation) -> ConfigKey {
        ConfigKey(name: name, type: .integer(range), help: help,
                  get: { $0.truncation[keyPath: get].map { .integer($0) } },
                  set: { config, value in
                      if case .integer(let size) = value { config.truncation = with(config.truncation, size) }
                  },
                  appliesOnlyWith: "truncation = \(Truncation.blocksName)")
    }

    private static func string(_ name: String, _ path: WritableKeyPath<TrainingConfig, String> & Sendable,
                               nonEmpty: Bool = false, _ help: String,
                               refine: (@Sendable (String) -> String?)? = nil) -> ConfigKey {
        var refineValue: (@Sendable (ConfigValueType.Value) -> String?)? = nil
        if let refine {
            refineValue = { value in
                guard case .string(let text) = value else { return nil }
                return refine(text)
            }
        }
        return ConfigKey(name: name, type: .string(nonEmpty: nonEmpty), help: help,
                         get: { .string($0[keyPath: path]) },
                         set: { config, value in if case .string(let s) = value { config[keyPath: path] = s } },
                         refine: refineValue)
    }

    private static func integer(_ name: String, _ path: WritableKeyPath<TrainingConfig, Int> & Sendable,
                                _ range: ClosedRange<Int>, _ help: String,
                                refine: (@Sendable (ConfigValueType.Value) -> String?)? = nil) -> ConfigKey {
        ConfigKey(name: name, type: .integer(range), help: help,
                  get: { .integer($0[keyPath: path]) },
                  set: { config, value in if case .integer(let i) = value { config[keyPath: path] = i } },
                  refine: refine)
    }

    private static func unsigned(_ name: String, _ path: WritableKeyPath<TrainingConfig, UInt64> & Sendable,
                                 _ help: String) -> ConfigKey {
        ConfigKey(name: name, type: .unsigned, help: help,
                  get: { .unsigned($0[keyPath: path]) },
                  set: { config, value in if case .unsigned(let u) = value { config[keyPath: path] = u } })
    }

    private static func number(_ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable,
                               _ range: ConfigValueType.NumberRange, _ help: String) -> ConfigKey {
        ConfigKey(name: name, type: .number(range), help: help,
                  get: { .number($0[keyPath: path]) },
                  set: { config, value in if case .number(let x) = value { config[keyPath: path] = x } })
    }

    private static func number(_ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable,
                               above lower: Double, _ help: String) -> ConfigKey {
        number(name, path, .init(lower: lower, lowerInclusive: false, upper: .infinity, upperInclusive: false), help)
    }

    private static func number(_ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable,
                               atLeast lower: Double, _ help: String) -> ConfigKey {
        number(name, path, .init(lower: lower, lowerInclusive: true, upper: .infinity, upperInclusive: false), help)
    }

    private static func number(_ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable,
                               closed lower: Double, open upper: Double, _ help: String) -> ConfigKey {
        number(name, path, .init(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: false), help)
    }

    private static func number(_ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable,
                               closed lower: Double, closed upper: Double, _ help: String) -> ConfigKey {
        number(name, path, .init(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: true), help)
    }

    private static func choice<E>(_ name: String, _ path: WritableKeyPath<TrainingConfig, E> & Sendable,
                                  _ help: String) -> ConfigKey
    where E: RawRepresentable & CaseIterable & Sendable, E.RawValue == String {
        ConfigKey(name: name, type: .choice(E.allCases.map(\.rawValue)), help: help,
                  get: { .string($0[keyPath: path].rawValue) },
                  set: { config, value in
                      if case .string(let s) = value, let e = E(rawValue: s) { config[keyPath: path] = e }
                  })
    }
}
