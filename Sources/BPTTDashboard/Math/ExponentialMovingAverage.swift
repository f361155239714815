/// Exponential moving average with bias correction (as TensorBoard smooths its curves): the first
/// values are not pulled towards zero, and weight 0 returns the series unchanged.
enum ExponentialMovingAverage {
    /// `weight` is how much of the running average is kept per value, clamped to [0, 0.999].
    /// Non-finite values do not enter the average; their slot repeats the running value (NaN before
    /// any finite value).
    static func smooth(_ values: [Double], weight: Double) -> [Double] {
        let w = weight.isFinite ? min(0.999, max(0, weight)) : 0
        var running = 0.0
        var correction = 1.0   // w^n for the n finite values seen so far
        var seen = false
        var result: [Double] = []
        result.reserveCapacity(values.count)
        for value in values {
            if value.isFinite {
                running = w * running + (1 - w) * value
                correction *= w
                seen = true
            }
            result.append(seen ? running / (1 - correction) : .nan)
        }
        return result
    }
}
