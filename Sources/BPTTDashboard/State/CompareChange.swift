import BPTTTraining
import BPTTNumerics

/// The one change run B makes to a copy of run A (`b` in the dashboard, `--then-compare` in
/// `bptt-lab screenshot`): a truncation, the engine, the optimizer, or the recurrent cell.
public enum CompareChange: Sendable, Equatable {
    case truncation(Truncation)
    case engine(EngineKind)
    case optimizer(OptimizerKind)
    case cell(CellKind)

    /// The learning rate B uses with another optimizer: A's rate is tuned for A's rule (Adam at
    /// SGD's 0.1 diverges), so B takes the rate the presets use with that rule.
    public static func learningRate(for optimizer: OptimizerKind) -> Double {
        switch optimizer {
        case .sgd: return 0.1
        case .adagrad: return 0.05
        case .adam: return 0.001
        }
    }

    /// How the change reads in the menu, the legend and on the command line: "off", "k1=20",
    /// "k2=8", "k1=20 k2=0", "naive", "adam".
    public var label: String {
        switch self {
        case .truncation(let t): return CompareChange.text(t)
        case .engine(let e): return e.rawValue
        case .optimizer(let o): return o.rawValue
        case .cell(let c): return c.rawValue
        }
    }

    /// The menu line: what B changes, said in full.
    public var menuText: String {
        switch self {
        case .truncation(.off): return "truncation off: full BPTT per sentence"
        case .truncation(let t): return "truncation " + CompareChange.text(t)
        case .engine(let e): return "engine " + e.rawValue
        case .optimizer(let o): return "optimizer \(o.rawValue) (lr \(NumberFormat.compact(CompareChange.learningRate(for: o))))"
        case .cell(let c): return "cell \(c.rawValue)"
        }
    }

    static func text(_ t: Truncation) -> String {
        switch t {
        case .off: return "off"
        case .blocks(let k1, let k2): return "k1=\(k1) k2=\(k2)"
        }
    }

    /// The legend's names for A and B: only the setting B changes, and of a truncation only the
    /// part that differs ("k1=3" against "k1=20", "k1=3" against "off").
    public func names(a: DashboardRun) -> (a: String, b: String) {
        switch self {
        case .truncation(let b):
            switch (a.snapshot.truncation, b) {
            case (.blocks(let k1, let k2), .blocks(let bk1, let bk2)):
                if k2 == bk2 { return ("k1=\(k1)", "k1=\(bk1)") }
                if k1 == bk1 { return ("k2=\(k2)", "k2=\(bk2)") }
                return (CompareChange.text(a.snapshot.truncation), label)
            case (.blocks(let k1, _), .off): return ("k1=\(k1)", "off")
            case (.off, _): return ("off", label)
            }
        case .engine: return (a.snapshot.engine.rawValue, label)
        case .optimizer: return ((a.optimizer ?? .sgd).rawValue, label)
        case .cell: return (a.snapshot.cell.rawValue, label)
        }
    }

    /// Parses "off", "k1=20", "k2=8", "k1=20,k2=0" (or with a space), an engine or an optimizer name;
    /// a k1 or k2 alone keeps the other from `current`. Nil when it names none of these.
    public static func parse(_ text: String, current: Truncation) -> CompareChange? {
        let word = text.lowercased()
        if word == "off" { return .truncation(.off) }
        if let engine = EngineKind(rawValue: word) { return .engine(engine) }
        if let optimizer = OptimizerKind(rawValue: word) { return .optimizer(optimizer) }
        if let cell = CellKind(rawValue: word) { return .cell(cell) }
        var (k1, k2): (Int?, Int?) = (nil, nil)
        if case .blocks(let a, let b) = current { (k1, k2) = (a, b) }
        var changed = false
        for part in word.split(whereSeparator: { $0 == "," || $0 == " " }) {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            switch pair[0] {
            case "k1": k1 = value
            case "k2": k2 = value
            default: return nil
            }
            changed = true
        }
        guard changed, let k1 else { return nil }
        return .truncation(.blocks(k1: k1, k2: k2 ?? 0))
    }

    /// The menu's choices for a copy of `run`: truncation off (when the corpus has sentences), a few
    /// k1 values (d among them, the shortest block that reaches the key) and k2 values, the other
    /// engine, the other optimizers, the other cells. The run's own settings are left out.
    public static func choices(for run: DashboardRun) -> [CompareChange] {
        let s = run.snapshot
        var choices: [CompareChange] = []
        let k1: Int? = { if case .blocks(let a, _) = s.truncation { return a }; return nil }()
        let k2: Int = {
            if case .blocks(_, let b) = s.truncation { return b }
            if case .blocks(_, let b)? = run.state.lastBlocks { return b }
            return 0
        }()
        if s.sentenceModeAvailable, s.truncation != .off { choices.append(.truncation(.off)) }
        var k1Values = [1, 5, 10, 20, 40]
        if let d = s.dependencyDistance { k1Values.append(max(1, d - k2)) }
        for value in Set(k1Values).sorted() where value != k1 && Truncation.k1Range.contains(value) {
            choices.append(.truncation(.blocks(k1: value, k2: k2)))
        }
        if let k1 {
            for value in [0, 5, 10, 20] where value != k2 {
                choices.append(.truncation(.blocks(k1: k1, k2: value)))
            }
        }
        choices.append(.engine(s.engine == .naive ? .optimized : .naive))
        for optimizer in OptimizerKind.allCases where optimizer != (run.optimizer ?? .sgd) {
            choices.append(.optimizer(optimizer))
        }
        for cell in CellKind.allCases where cell != s.cell { choices.append(.cell(cell)) }
        return choices
    }
}
