import BPTTNumerics

/// Keys a resumed run cannot change (`ResumeRule.fixed` in the schema), each with the reason: the
/// checkpoint's weights, vocabulary, streams and data order were made with its values. An override
/// of one of them to another value is refused by name instead of being ignored or failing later with
/// a misleading message. (The keys that do apply on a resume are put in by `Trainer.applyResumeOverrides`.)
public enum ResumeOverrides {
    /// Throws for the first override that sets a fixed key to a value other than the stored one.
    /// Runs before the overrides are applied, so it is this reason that is given, not a conflict the
    /// new value would cause (`--level word` on the built-in corpus). A value that does not parse is
    /// left to `ConfigLoader.applying` to report.
    public static func check(_ overrides: [(key: String, value: String)], stored: TrainingConfig, checkpoint: String) throws {
        for (name, text) in overrides {
            guard let key = ConfigSchema.byName[name], case .fixed(let reason) = key.resume else { continue }
            var resumed = stored
            guard (try? ConfigLoader.set(name, to: text, in: &resumed, file: ConfigLoader.commandLine, line: nil)) != nil,
                  key.get(stored) != key.get(resumed) else { continue }
            let value = key.get(stored).map(ConfigValueType.text(of:)) ?? "unset"
            throw LabError("--\(name) cannot change on --resume: \(checkpoint) fixes it at \(value) "
                + "(\(reason)); leave it out, or start a new run without --resume")
        }
    }
}
