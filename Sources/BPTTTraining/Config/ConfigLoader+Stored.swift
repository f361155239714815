extension ConfigLoader {
    /// Checks a config that was not read from text (a checkpoint's JSON, which only a checksum
    /// guards) key by key as if it had been: a stored `hidden` of 4e9 or `batch` of 1e12 is refused
    /// here, before a trainer allocates for it. `file` names the source in the error.
    public static func check(_ config: TrainingConfig, file: String) throws {
        var copy = TrainingConfig()
        for key in appliedInOrder(ConfigSchema.keys, key: \.name) {
            guard let value = key.get(config) else { continue }
            try set(key.name, to: ConfigValueType.text(of: value), in: &copy, file: file, line: nil)
        }
        try validate(copy, file: file, lines: [:])
    }
}
