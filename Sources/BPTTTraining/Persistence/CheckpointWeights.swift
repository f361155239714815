import Foundation
import BPTTNumerics

/// How weights are stored in a checkpoint, and which layout version a file has.
///
/// Version 1 (no "model" section): the full softmax; each weight set is Int64 V, Int64 H, then the
/// tensors U, W, b, V, c as float arrays. Version 2 adds the "model" section (JSON: the format number
/// and, for a class model, the word class of every word id) and, for a class model, the tensors
/// classV and classC after c, with V and c in slot order. A full-softmax model's weights are stored
/// exactly as in version 1, so version-1 files load unchanged. A class model's file is also container
/// version 2 (`CheckpointFile`), so builds from before classes refuse it rather than misread its weights.
/// Version 3 adds `cell` (gru or lstm; absent = elman) to the "model" section: U, W and b then hold the
/// cell's G gate blocks (`CellKind`), and the "stream" section the kept steps' caches. Such a file is
/// container version 3, which builds from before cells refuse. Elman files are written as before.
enum CheckpointWeights {
    static let formatVersion = 3

    static func containerVersion(for shape: RNNShape) -> UInt32 { shape.cell != .elman ? 3 : shape.classes == nil ? 1 : 2 }

    /// The "model" section: the layout version, the output layer and the cell.
    struct Layout: Codable, Equatable {
        var format: Int
        /// The class of each word id (rnnlm's frequency binning); nil for the full softmax.
        var classes: WordClasses?
        /// The recurrent cell; nil (not written) for Elman.
        var cell: CellKind?

        var cellKind: CellKind { cell ?? .elman }
    }

    static func layoutSection(for shape: RNNShape) throws -> [UInt8] {
        let gated = shape.cell != .elman
        return Array(try JSONEncoder().encode(Layout(format: gated ? 3 : 2, classes: shape.classes,
                                                     cell: gated ? shape.cell : nil)))
    }

    /// The layout of a checkpoint's sections: version 1 without a "model" section.
    static func layout(of sections: [String: [UInt8]], path: String) throws -> Layout {
        guard let bytes = sections["model"] else { return Layout(format: 1, classes: nil) }
        let layout: Layout
        do {
            layout = try JSONDecoder().decode(Layout.self, from: Data(bytes))
        } catch {
            throw TrainerCheckpoint.malformed(path, "the model section does not parse: \(error.localizedDescription)")
        }
        guard (1...formatVersion).contains(layout.format) else {
            throw TrainerCheckpoint.malformed(path, "its model layout is version \(layout.format); this bptt-lab reads "
                + "versions 1 to \(formatVersion): use a newer bptt-lab")
        }
        return layout
    }

    static func encode(_ p: RNNParameters<Float>) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(Int64(p.shape.vocabulary))
        writer.write(Int64(p.shape.hidden))
        p.forEachTensor { _, values in writer.write(values) }
        return writer.bytes
    }

    /// One weight set (parameters, or optimizer moments, which are empty for SGD). The layout's classes
    /// and cell apply to a set of the model's vocabulary size; an empty set (V = 0) has neither.
    static func decode(_ reader: inout BinaryReader, layout: Layout, path: String) throws -> RNNParameters<Float> {
        let classes = layout.classes
        let vocabulary = try reader.read(Int64.self), hidden = try reader.read(Int64.self)
        if let classes, vocabulary > 0, Int64(classes.vocabulary) != vocabulary {
            throw TrainerCheckpoint.malformed(path, "its word classes cover \(classes.vocabulary) words, its weights \(vocabulary)")
        }
        let shape = try CheckpointLimits.shape(vocabulary: vocabulary, hidden: hidden, classes: vocabulary > 0 ? classes : nil,
                                               cell: vocabulary > 0 ? layout.cellKind : .elman,
                                               available: reader.remaining, path: path)
        var p = RNNParameters<Float>.zeros(shape: shape)
        for name in p.tensorNames {
            let values = try reader.readFloats()
            let expected = p[tensor: name].count
            guard values.count == expected else {
                throw TrainerCheckpoint.malformed(path, "tensor \(name) has \(values.count) values, expected \(expected) for \(shape)")
            }
            p[tensor: name] = values
        }
        return p
    }
}
