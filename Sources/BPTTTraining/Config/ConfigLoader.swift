import BPTTCorpus
import Foundation

/// Reads config files (`key = value` lines, see `ConfigLineParser`) into a `TrainingConfig`,
/// checking every key's type and range and the constraints between keys.
public enum ConfigLoader {
    /// Where command-line overrides are said to come from in errors.
    public static let commandLine = "command line"
    /// A config is a few dozen `key = value` lines; anything larger is the wrong file, refused from
    /// its size before it is read (a 1 GB file would otherwise take gigabytes and a minute to parse).
    public static let maximumFileBytes = 1 << 20

    /// Reads, parses and validates `path`, then resolves relative data paths (corpus, valid,
    /// test): next to the config file if such a file exists there, else as given (relative to the
    /// current directory). Output paths (checkpoint, run_dir) stay relative to the current directory.
    public static func load(path: String) throws -> TrainingConfig {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(kind: .unreadableFile, file: path, line: nil, key: nil,
                              reason: "no such config file")
        }
        var info = stat()
        if !isDirectory.boolValue, stat(path, &info) == 0, [S_IFCHR, S_IFBLK, S_IFSOCK].contains(info.st_mode & S_IFMT) {
            // /dev/null reads as nothing and a terminal waits for typing: neither is a config.
            throw ConfigError(kind: .unreadableFile, file: path, line: nil, key: nil,
                              reason: "it is \(OutputFile.kindName(info.st_mode)), not a config file; "
                                + "give a config file (see configs/)")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue,
           size > maximumFileBytes {
            throw ConfigError(kind: .unreadableFile, file: path, line: nil, key: nil,
                              reason: "the file is \(TextLimits.describe(bytes: size)); a config file is at most "
                                  + "\(TextLimits.describe(bytes: maximumFileBytes)) (key = value lines): is it the right file?")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(kind: .unreadableFile, file: path, line: nil, key: nil,
                              reason: isDirectory.boolValue ? "is a directory, not a config file" : "cannot read the file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigError(kind: .unreadableFile, file: path, line: nil, key: nil, reason: "the file is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }   // byte-order mark from some editors
        return resolvingDataPaths(of: try parse(text: text, file: path), relativeTo: path)
    }

    /// Parses config text; `file` is only used in error messages. Keys not in the text keep
    /// their defaults.
    public static func parse(text: String, file: String) throws -> TrainingConfig {
        var config = TrainingConfig()
        var lines: [String: Int] = [:]
        for entry in appliedInOrder(try ConfigLineParser.entries(in: text, file: file), key: \.key) {
            if let first = lines[entry.key] {
                throw ConfigError(kind: .duplicateKey, file: file, line: entry.line, key: entry.key,
                                  reason: "duplicate key '\(entry.key)' (first set on line \(first))")
            }
            try set(entry.key, to: entry.value, in: &config, file: file, line: entry.line)
            lines[entry.key] = entry.line
        }
        try validate(config, file: file, lines: lines)
        return config
    }

    /// Applies command-line overrides. Keys may be written as in files (`learning_rate`) or as
    /// options (`--learning-rate`); values are taken literally. A key given twice is an error, as
    /// in a file: which of the two was meant is not ours to guess.
    public static func applying(overrides: [(key: String, value: String)], to config: TrainingConfig) throws -> TrainingConfig {
        var config = config
        var given = Set<String>()
        for override in appliedInOrder(overrides, key: { normalizedKey($0.key) }) {
            let key = normalizedKey(override.key)
            guard given.insert(key).inserted else {
                throw ConfigError(kind: .duplicateKey, file: commandLine, line: nil, key: key,
                                  reason: "--\(ErrorValue.cut(key)) is given twice; give it once")
            }
            try set(key, to: override.value, in: &config, file: commandLine, line: nil)
        }
        try validate(config, file: commandLine, lines: [:])
        return config
    }

    /// Splits a "key=value" command-line argument.
    public static func override(fromArgument argument: String) throws -> (key: String, value: String) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw ConfigError(kind: .syntax, file: commandLine, line: nil, key: nil,
                              reason: "expected key=value, got '\(ErrorValue.cut(argument))'")
        }
        return (normalizedKey(String(argument[..<equals])), String(argument[argument.index(after: equals)...]))
    }

    /// Every key's name, in documentation order.
    public static var keyNames: [String] { ConfigSchema.names }

    /// Every key with its type, default and help, in documentation order.
    public static var keyDocumentation: [(key: String, type: String, defaultValue: String, help: String)] {
        let defaults = TrainingConfig()
        return ConfigSchema.keys.map { key in
            (key.name, key.type.summary, key.get(defaults).map { ConfigLineParser.spell(ConfigValueType.text(of: $0)) } ?? "", key.help)
        }
    }

    /// The config as a file that `parse` reads back to the same value, with each key's help as a comment.
    public static func render(_ config: TrainingConfig) -> String {
        var out = "# bptt-lab config. Format: key = value; # starts a comment; \"quotes\" for strings with # or spaces at the ends.\n"
        for key in ConfigSchema.keys {
            // A key that does not apply (k1 with truncation = off) is left out: parse would refuse it.
            guard let value = key.get(config) else { continue }
            out += "\n# \(key.help) (\(key.type.summary))\n"
            out += "\(key.name) = \(ConfigLineParser.spell(ConfigValueType.text(of: value)))\n"
        }
        return out
    }

    /// `config` with relative corpus / valid / test paths pointing next to `configPath` when a
    /// file exists there (else unchanged, i.e. relative to the current directory).
    public static func resolvingDataPaths(of config: TrainingConfig, relativeTo configPath: String) -> TrainingConfig {
        let directory = (configPath as NSString).deletingLastPathComponent
        func resolve(_ path: String) -> String {
            guard !path.isEmpty, !path.hasPrefix("/") else { return path }
            let candidate = directory.isEmpty ? path : directory + "/" + path
            return FileManager.default.fileExists(atPath: candidate) ? candidate : path
        }
        var config = config
        if !config.usesBuiltinCorpus { config.corpus = resolve(config.corpus) }
        config.valid = resolve(config.valid)
        config.test = resolve(config.test)
        return config
    }

    // MARK: private

    private static func normalizedKey(_ key: String) -> String {
        var key = Substring(key)
        while key.hasPrefix("-") { key = key.dropFirst() }
        return key.replacingOccurrences(of: "-", with: "_")
    }

    static func set(_ name: String, to text: String, in config: inout TrainingConfig,
                    file: String, line: Int?) throws {
        guard let key = ConfigSchema.byName[name] else {
            let hint = KeySuggestion.closest(to: name, among: ConfigSchema.names).map { " (did you mean '\($0)'?)" } ?? ""
            throw ConfigError(kind: .unknownKey, file: file, line: line, key: name,
                              reason: "unknown key '\(ErrorValue.cut(name))'\(hint); allowed keys: \(ConfigSchema.names.joined(separator: ", "))")
        }
        let value: ConfigValueType.Value
        do {
            value = try key.type.parse(text)
        } catch {
            throw ConfigError(kind: error == .outOfRange ? .outOfRange : .wrongType, file: file, line: line, key: name,
                              reason: "key '\(name)' expects \(key.type.expectation), got '\(ErrorValue.cut(text))'")
        }
        if let reason = key.refine?(value) {
            throw ConfigError(kind: .outOfRange, file: file, line: line, key: name,
                              reason: "key '\(name)' \(reason), got '\(ErrorValue.cut(text))'")
        }
        if key.get(config) == nil, let needed = key.appliesOnlyWith {
            let hint = file == commandLine ? "--\(needed.replacingOccurrences(of: " = ", with: " "))" : needed
            throw ConfigError(kind: .conflict, file: file, line: line, key: name,
                              reason: "key '\(name)' applies only with \(needed), and this config has "
                                + "truncation = \(config.truncation.modeName): add \(hint), or leave \(name) out")
        }
        key.set(&config, value)
    }

    /// Entries in the order they are applied: `truncation` first, so that k1 and k2 (which need
    /// truncation = blocks) are checked against it wherever the file or command line puts it.
    static func appliedInOrder<Entry>(_ entries: [Entry], key: (Entry) -> String) -> [Entry] {
        entries.filter { key($0) == "truncation" } + entries.filter { key($0) != "truncation" }
    }

    /// Constraints between keys. The error points at the line of the key set last.
    static func validate(_ config: TrainingConfig, file: String, lines: [String: Int]) throws {
        func conflict(_ keys: [String], _ reason: String) -> ConfigError {
            let last = keys.compactMap { key in lines[key].map { (key, $0) } }.max { $0.1 < $1.1 }
            return ConfigError(kind: .conflict, file: file, line: last?.1, key: last?.0 ?? keys.first, reason: reason)
        }
        if config.validFraction + config.testFraction >= 1 {
            throw conflict(["valid_fraction", "test_fraction"],
                           "valid_fraction + test_fraction must be below 1, got \(config.validFraction + config.testFraction)")
        }
        if config.usesBuiltinCorpus {
            if config.level != .char {
                throw conflict(["level", "corpus"], "level must be char for the built-in corpus (it is a character language)")
            }
            do {
                try config.syntheticSpec.validate()
            } catch let error as CorpusError {
                throw conflict(["builtin_sentences", "builtin_distance"], error.message)
            }
        }
    }
}
