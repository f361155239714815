import BPTTDashboard

/// Which cells of a new frame must be sent to ncurses. ncurses diffs again against the screen, but
/// skipping unchanged cells keeps the per-frame cost proportional to what moved.
enum FrameDiff {
    /// Indices into `next.cells` that differ from `previous`, or nil when everything must be painted
    /// (no previous frame, or the size changed).
    static func changedIndices(from previous: CellGrid?, to next: CellGrid) -> [Int]? {
        guard let previous, previous.width == next.width, previous.height == next.height else { return nil }
        var changed: [Int] = []
        previous.cells.withUnsafeBufferPointer { old in
            next.cells.withUnsafeBufferPointer { new in
                for i in 0..<new.count where old[i] != new[i] { changed.append(i) }
            }
        }
        return changed
    }
}
