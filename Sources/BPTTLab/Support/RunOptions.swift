import ArgumentParser
import BPTTCorpus
import BPTTTraining

/// `--config FILE` plus any `--key value` (or `--key=value`) config overrides. The overrides are one
/// ArgumentParser argument (every word it does not know as an option) whose help lists the keys from
/// the config schema; `pairs` reads them, so that a bad key or a key given twice is one line naming
/// it (exit 2), as in a config file. (ArgumentParser cannot declare options at run time: one `@Option`
/// per key would be a second list of the keys beside the schema.)
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (see configs/). Without it: the built-in default.")
    var config: String?

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
        "Config overrides as --key value or --key=value, e.g. --hidden 128 --k1 20.",
        discussion: "Keys: " + ConfigLoader.keyNames.joined(separator: ", ")
            + ". Their types, defaults and meanings: `bptt-lab keys`.",
        valueName: "overrides"))
    var overrides: [String] = []

    /// Loads the config file (or the defaults) and applies the overrides.
    func loadConfig() throws -> TrainingConfig {
        let base = try config.map { try ConfigLoader.load(path: $0) } ?? TrainingConfig()
        return try ConfigLoader.applying(overrides: try Self.pairs(overrides), to: base)
    }

    /// Turns ["--hidden", "128", "--k1=20"] into [("hidden", "128"), ("k1", "20")].
    static func pairs(_ arguments: [String]) throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigError(kind: .syntax, file: ConfigLoader.commandLine, line: nil, key: nil,
                                  reason: "unexpected argument '\(ErrorValue.cut(argument))': overrides are --key value")
            }
            let body = String(argument.dropFirst(2))
            if body.contains("=") {
                pairs.append(try ConfigLoader.override(fromArgument: body))
                i += 1
            } else {
                guard i + 1 < arguments.count else {
                    throw ConfigError(kind: .syntax, file: ConfigLoader.commandLine, line: nil, key: body,
                                      reason: "option --\(ErrorValue.cut(body)) needs a value")
                }
                pairs.append(try ConfigLoader.override(fromArgument: body + "=" + arguments[i + 1]))
                i += 2
            }
        }
        return pairs
    }
}
