/// The output stage of a pass: the output layer the model's shape chooses, the full softmax
/// (`SoftmaxLayer`) or the class-factored one (`ClassSoftmaxLayer`). (The config's choice between
/// them is `TrainingConfig.OutputLayer`.) Both compute the same thing for the engines: the masked loss of the
/// outputs, their parameter gradients, and each output's local error dL/ds_t in `errors`.
enum OutputStage {
    /// Loss of the outputs of `steps` (their states must be computed).
    static func forward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, steps: Range<Int>) -> ForwardResult {
        ws.shape.classes == nil ? SoftmaxLayer.forward(p, ws, steps: steps) : ClassSoftmaxLayer.forward(p, ws, steps: steps)
    }

    /// `forward` of the window's outputs (steps firstOutput..<length) followed by `backward`, with the
    /// same bits; the class layer does each class's backward right after its forward (`ClassSoftmaxLayer`).
    static func forwardAndBackward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                                 into g: MutableParameterPointers<T>) -> ForwardResult {
        let steps = ws.firstOutput..<ws.length
        guard ws.shape.classes != nil else {
            let result = SoftmaxLayer.forward(p, ws, steps: steps)
            SoftmaxLayer.backward(p, ws, into: g)
            return result
        }
        return ClassSoftmaxLayer.forward(p, ws, steps: steps, gradients: g)
    }

    /// Gradients of the outputs t >= firstOutput of the last forward pass, ACCUMULATED into `g`, and
    /// their local errors written to `errors`.
    static func backward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, into g: MutableParameterPointers<T>) {
        if ws.shape.classes == nil {
            SoftmaxLayer.backward(p, ws, into: g)
        } else {
            ClassSoftmaxLayer.backward(p, ws, into: g)
        }
    }

    /// The number of predictions `rows` rows make: the sum of their mask weights (rows without a mask).
    static func weightSum(_ mask: UnsafePointer<Float>?, rows: Int) -> Double {
        guard let mask else { return Double(rows) }
        var count = 0.0
        for r in 0..<rows { count += Double(mask[r]) }
        return count
    }
}
