/// A series that keeps at most `capacity` points however long it grows: when full, neighbouring pairs
/// are averaged and the stride doubles, so hours of training cost bounded memory while the shape of the
/// whole run stays visible. Points are appended at `stride` granularity (a pending bucket averages
/// incoming points until it holds `stride` of them).
public struct DownsampledSeries: Sendable {
    public private(set) var points: [LossPoint] = []
    public private(set) var stride: Int = 1
    public let capacity: Int
    private var pending: (step: Int, seconds: Double, sum: Double, count: Int)?

    public init(capacity: Int = 2048) {
        precondition(capacity >= 4 && capacity % 2 == 0, "capacity must be an even number >= 4")
        self.capacity = capacity
    }

    public mutating func append(_ point: LossPoint) {
        if var bucket = pending {
            bucket.sum += point.loss
            bucket.count += 1
            bucket.step = point.step
            bucket.seconds = point.seconds
            pending = bucket
        } else {
            pending = (point.step, point.seconds, point.loss, 1)
        }
        guard let bucket = pending, bucket.count >= stride else { return }
        points.append(LossPoint(step: bucket.step, seconds: bucket.seconds, loss: bucket.sum / Double(bucket.count)))
        pending = nil
        if points.count >= capacity { halve() }
    }

    /// The stored points plus the partial bucket, so the newest data is always visible.
    public var visiblePoints: [LossPoint] {
        guard let bucket = pending else { return points }
        return points + [LossPoint(step: bucket.step, seconds: bucket.seconds, loss: bucket.sum / Double(bucket.count))]
    }

    private mutating func halve() {
        var merged: [LossPoint] = []
        merged.reserveCapacity(points.count / 2 + 1)
        var i = 0
        while i + 1 < points.count {
            let a = points[i], b = points[i + 1]
            merged.append(LossPoint(step: b.step, seconds: b.seconds, loss: (a.loss + b.loss) / 2))
            i += 2
        }
        if i < points.count { merged.append(points[i]) }
        points = merged
        stride *= 2
    }
}

/// Rows of per-time-step norms over training for the heat map: at most `capacity` rows, thinned by
/// keeping every other row when full (and then accepting rows at half the rate).
public struct NormHistory: Sendable, Equatable {
    public private(set) var rows: [[Double]] = []
    public private(set) var steps: [Int] = []
    public private(set) var stride: Int = 1
    public let capacity: Int
    private var seen = 0

    public init(capacity: Int = 256) {
        precondition(capacity >= 4 && capacity % 2 == 0, "capacity must be an even number >= 4")
        self.capacity = capacity
    }

    public mutating func append(_ row: [Double], step: Int) {
        defer { seen += 1 }
        guard seen % stride == 0 else { return }
        rows.append(row)
        steps.append(step)
        if rows.count >= capacity {
            rows = rows.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            steps = steps.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            stride *= 2
        }
    }
}
