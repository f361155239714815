import BPTTTraining

/// How the gradient heat map maps norms to colours ('g' switches).
public enum GradientColorScale: String, Sendable, Equatable {
    /// One decade per colour, the same decades for every row and all run long: a colour always means
    /// the same norm, so old rows keep their meaning and vanishing/exploding runs look different.
    case fixedDecades
    /// Each row against its own largest norm, one decade per colour: the shape of the decay along
    /// the window, whatever its absolute size.
    case perRow
}

/// Which error the gradient-flow panel shows ('d' switches; only LSTM has the second).
public enum GradientPath: String, Sendable, Equatable {
    /// ||dE/dh_t|| (||dE/ds_t|| for Elman): the error on the hidden state.
    case hidden
    /// LSTM's ||dE/dc_t||: the error on the cell state, the constant-error path.
    case cell
}

/// What the loss chart plots ('v' switches).
public enum LossView: String, Sendable, Equatable {
    /// The built-in language's validation loss on the recall (the repeated key) against the rest,
    /// with the recall's floors ln K (no memory of the key) and 0: the direct measure of the key.
    /// Other corpora have no recall and show `.all`.
    case recall
    /// The train loss (smoothed and raw) and the validation loss over all predictions.
    case all
}

/// Which truncation slider the arrow keys move.
public enum SliderFocus: Sendable, Equatable {
    case k1, k2
}

/// The open run picker: the choices as they were when it opened, and the highlighted one.
public struct RunPickerState: Sendable, Equatable {
    public var choices: [RunChoice]
    public var selection: Int
    public init(choices: [RunChoice], selection: Int = 0) {
        self.choices = choices
        self.selection = choices.isEmpty ? 0 : min(max(0, selection), choices.count - 1)
    }
    public var selected: RunChoice? { choices.indices.contains(selection) ? choices[selection] : nil }
}

/// The open compare menu (`b`): the changes run B can make to a copy of run A, and the highlighted one.
public struct CompareMenuState: Sendable, Equatable {
    public var choices: [CompareChange]
    public var selection: Int
    public init(choices: [CompareChange], selection: Int = 0) {
        self.choices = choices
        self.selection = choices.isEmpty ? 0 : min(max(0, selection), choices.count - 1)
    }
    public var selected: CompareChange? { choices.indices.contains(selection) ? choices[selection] : nil }
}

/// Everything the dashboard shows that is not part of a training run: what the person chose to see.
/// What belongs to one run (its pending truncation, earlier runs) is that run's `RunViewState`.
public struct DashboardViewState: Sendable, Equatable {
    /// The run keys act on and whose panels are shown (an index into the runs on screen).
    public var focusedRun = 0
    public var focus: SliderFocus
    public var logScale: Bool
    /// EMA weight of the train-loss curve in [0, 0.999]; 's'/'S' step it down/up the smoothing ladder.
    public var smoothing: Double
    /// Loss chart x axis: wall-clock seconds instead of update steps.
    public var xAxisByTime: Bool
    public var showHelp: Bool
    /// The help overlay's page: 0 the keys, 1 what the glyphs mean.
    public var helpPage: Int = 0
    public var gradientScale: GradientColorScale = .fixedDecades
    public var gradientPath: GradientPath = .hidden
    public var lossView: LossView = .recall
    public var picker: RunPickerState?
    public var compareMenu: CompareMenuState?
    /// The files in configs/ (the app fills this).
    public var runChoices: [RunChoice]
    /// Where the app looked for configs, in order, and the folder it took (shown by the run picker).
    public var runSearchPath: [String] = []
    public var runFolder: String?
    /// False with NO_COLOR or a monochrome terminal: glyphs and attributes carry everything.
    public var useColor: Bool
    /// A one-line hint after a key that could not act (e.g. 'n' while training); cleared by the next key.
    public var notice: String?

    public static let defaultSmoothing = 0.9

    public init(focus: SliderFocus = .k1, logScale: Bool = false, smoothing: Double = DashboardViewState.defaultSmoothing,
                xAxisByTime: Bool = false, showHelp: Bool = false, picker: RunPickerState? = nil,
                runChoices: [RunChoice] = [], useColor: Bool = true, notice: String? = nil) {
        self.focus = focus; self.logScale = logScale; self.smoothing = smoothing; self.xAxisByTime = xAxisByTime
        self.showHelp = showHelp; self.picker = picker; self.runChoices = runChoices
        self.useColor = useColor; self.notice = notice
    }
}

/// The EMA weights 's' and 'S' step through.
public enum SmoothingLadder {
    public static let weights: [Double] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]

    /// The next weight above (`up`) or below the current one; the current one at the ends.
    public static func step(_ current: Double, up: Bool) -> Double {
        let c = current.isFinite ? current : DashboardViewState.defaultSmoothing
        if up { return weights.first { $0 > c + 1e-12 } ?? weights.last! }
        return weights.last { $0 < c - 1e-12 } ?? weights.first!
    }
}
