extension TrainerCheckpoint {
    /// Checks, before training starts, that a checkpoint can be saved at `path` (`OutputFile`, kind
    /// checkpoint): a regular file or a new path, not an input of the run, in a folder that accepts
    /// new files, and if something is already there, a checkpoint.
    public static func checkOutput(_ path: String, option: String = "--checkpoint",
                                   inputs: [OutputFile.Input]) throws {
        try OutputFile.check(path, option: option, kind: .checkpoint, inputs: inputs)
    }
}
