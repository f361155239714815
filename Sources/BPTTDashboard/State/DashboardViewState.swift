import BPTTTraining

/// A run the dashboard can launch: one config file in configs/.
public struct RunChoice: Sendable, Equatable {
    public var name: String
    public var path: String
    /// One line shown next to the name in the run picker.
    public var description: String
    public init(name: String, path: String, description: String) {
        self.name = name; self.path = path; self.description = description
    }
}

/// An earlier run of this sitting, drawn as a faint labelled curve behind the current one.
public struct ReferenceRun: Sendable, Equatable {
    public var name: String
    public var trainLoss: [LossPoint]
    public init(name: String, trainLoss: [LossPoint]) {
        self.name = name; self.trainLoss = trainLoss
    }
}

/// Which truncation slider the arrow keys move.
public enum SliderFocus: Sendable, Equatable {
    case k1, k2
}

/// Block sizes remembered while truncation is off, so moving back from "off" restores them.
public struct BlockSizes: Sendable, Equatable {
    public var k1: Int
    public var k2: Int
    public init(k1: Int, k2: Int) { self.k1 = k1; self.k2 = k2 }
}

/// The open run picker: the choices as they were when it opened, and the highlighted one.
public struct RunPickerState: Sendable, Equatable {
    public var choices: [RunChoice]
    public var selection: Int
    /// Where the choices were looked for, for the message when there are none.
    public var source: String
    public init(choices: [RunChoice], selection: Int = 0, source: String = "configs/") {
        self.choices = choices
        self.source = source
        self.selection = choices.isEmpty ? 0 : min(max(0, selection), choices.count - 1)
    }
    public var selected: RunChoice? { choices.indices.contains(selection) ? choices[selection] : nil }
}

/// Everything the dashboard shows that is not part of the training run: what the person chose to see.
public struct DashboardViewState: Sendable, Equatable {
    public var focus: SliderFocus
    public var logScale: Bool
    /// EMA weight of the train-loss curve in [0, 0.999]; 's'/'S' step it down/up the smoothing ladder.
    public var smoothing: Double
    /// Loss chart x axis: wall-clock seconds instead of update steps.
    public var xAxisByTime: Bool
    public var showHelp: Bool
    public var picker: RunPickerState?
    /// The files in configs/ (the app fills this).
    public var runChoices: [RunChoice]
    /// Where `runChoices` were looked for (a folder, or the places searched when none was found).
    public var runChoicesSource = "configs/"
    /// Earlier runs of this sitting, drawn faint and labelled on the loss chart.
    public var referenceRuns: [ReferenceRun]
    /// False with NO_COLOR or a monochrome terminal: glyphs and attributes carry everything.
    public var useColor: Bool
    /// The last block truncation seen, restored when the k1 slider moves back from "off".
    public var lastBlocks: BlockSizes?
    /// A truncation requested but not yet published by the session (see `PendingTruncation`).
    public var pendingTruncation: PendingTruncation?
    /// A one-line hint after a key that could not act (e.g. 'n' while training); cleared by the next key.
    public var notice: String?

    public static let defaultSmoothing = 0.9

    public init(focus: SliderFocus = .k1, logScale: Bool = false, smoothing: Double = DashboardViewState.defaultSmoothing,
                xAxisByTime: Bool = false, showHelp: Bool = false, picker: RunPickerState? = nil,
                runChoices: [RunChoice] = [], referenceRuns: [ReferenceRun] = [], useColor: Bool = true,
                lastBlocks: BlockSizes? = nil, pendingTruncation: PendingTruncation? = nil, notice: String? = nil) {
        self.focus = focus; self.logScale = logScale; self.smoothing = smoothing; self.xAxisByTime = xAxisByTime
        self.showHelp = showHelp; self.picker = picker; self.runChoices = runChoices
        self.referenceRuns = referenceRuns; self.useColor = useColor; self.lastBlocks = lastBlocks
        self.pendingTruncation = pendingTruncation; self.notice = notice
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
