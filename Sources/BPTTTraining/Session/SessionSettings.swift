/// How a live session paces its side work around the updates.
public struct SessionSettings: Sendable, Equatable {
    public var runName = "run"
    /// JSON Lines metrics file, nil = none.
    public var metricsPath: String?
    /// How errors name the metrics file: "--metrics" when the command line gave it.
    public var metricsOption = "metrics file"
    /// Files the run reads; the metrics file may not be one of them.
    public var inputFiles: [OutputFile.Input] = []
    /// Whether the timing probe runs (headless `train` runs without it). How often and how much of
    /// the time it may take, like the metrics and checkpoint cadence, are the trainer's config keys
    /// (probe_every_seconds, probe_max_share, metrics_every, checkpoint_every): the config is their one home.
    public var runsProbe = true
    /// Window lengths of the timing probe.
    public var probeLengths = [8, 16, 32, 64, 128]
    /// Minimum seconds between published snapshots (~30 per second).
    public var publishInterval = 1.0 / 30.0
    /// Updates between measurements of the reach profile (it costs an extra sweep with the optimized engine).
    public var reachEvery = 4
    public var startPaused = false
    /// Rows kept in the gradient-norm heat map and points kept per loss series.
    public var historyRows = 256
    public var lossCapacity = 2048

    public init() {}
}
