import BPTTNumerics

/// What a checkpoint's numbers may be. Its checksum proves the file was written whole, not that
/// its writer was sane: a size or counter is checked here before anything is allocated for it or
/// counted on from it (an array of 1.8e19 floats, H = 4e9, step Int64.max or -1 would trap).
enum CheckpointLimits {
    /// Updates, epochs and tokens seen: at most 2^50 (a million updates a second for 35 years).
    static let maximumCounter: Int64 = 1 << 50

    /// A saved counter as an Int within 0 ... 2^50.
    static func counter(_ value: Int64, _ name: String, path: String) throws -> Int {
        guard value >= 0, value <= maximumCounter else {
            throw TrainerCheckpoint.malformed(path, "its \(name) is \(value), outside 0 ... 2^50: the file is damaged "
                + "or was not written by bptt-lab")
        }
        return Int(value)
    }

    /// The shape a weight set claims, refused unless it is a model this program could build (or the
    /// empty set, 0 x 0) and `available` bytes could hold its values.
    static func shape(vocabulary: Int64, hidden: Int64, classes: WordClasses?, cell: CellKind = .elman, available: Int,
                      path: String) throws -> RNNShape {
        if vocabulary == 0 && hidden == 0 { return RNNShape(vocabulary: 0, hidden: 0) }
        let bounded = (1...Int64(Int32.max)).contains(vocabulary) && (1...Int64(Int32.max)).contains(hidden)
        let shape = RNNShape(vocabulary: bounded ? Int(vocabulary) : 0, hidden: bounded ? Int(hidden) : 0,
                             classes: classes, cell: cell)
        do {
            guard bounded else { throw LabError("vocabulary \(vocabulary) or hidden \(hidden) is out of range") }
            try shape.validate()
        } catch let error as LabError {
            throw TrainerCheckpoint.malformed(path, "its weights claim an impossible model (\(error.message)): the file "
                + "is damaged or was not written by bptt-lab")
        }
        // Within RNNShape's limits (V <= 2^20, H <= 2^14) the count cannot overflow.
        let bytes = shape.parameterCount.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
        guard !bytes.overflow, bytes.partialValue <= available else {
            throw TrainerCheckpoint.malformed(path, "its weights claim \(shape) (\(shape.parameterCount) values) but the "
                + "section holds \(available) bytes: the file is damaged")
        }
        return shape
    }
}
