import Foundation

extension TrainerCheckpoint {
    /// Checks, before training starts, that a checkpoint can be saved at `path`: a regular file or a
    /// new path (see `OutputFile`), not an input of the run, in a folder that accepts new files, and
    /// if something is already there, a checkpoint (a save never replaces a file of another kind).
    public static func checkOutput(_ path: String, option: String = "--checkpoint",
                                   inputs: [OutputFile.Input]) throws {
        try OutputFile.check(path, option: option, inputs: inputs)
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: CheckpointFile.magic.count)) ?? Data()
            if !head.isEmpty && Array(head) != CheckpointFile.magic {
                throw OutputFile.Refusal(message: "\(option) \(path): the file exists and is not a bptt-lab checkpoint; "
                    + "refusing to overwrite it, give another path")
            }
        }
        try OutputFile.checkFolderWritable(path, option: option)
    }
}
