import BPTTTraining

/// Control changes as chart markers. Quick key presses (→ → →) give changes a column or two apart;
/// they are merged into one marker at the last of them, labelled with the final setting of each
/// kind ("k1=6 k2=2", not "k1=4 k2=2 k1=5 k2=2 …").
enum ControlMarkers {
    static func merged(_ events: [ControlEvent], byTime: Bool, within gap: Double) -> [ChartMarker] {
        var groups: [[ControlEvent]] = []
        func x(_ event: ControlEvent) -> Double { byTime ? event.seconds : Double(event.step) }
        for event in events.sorted(by: { x($0) < x($1) }) {
            if let last = groups.last?.last, x(event) - x(last) <= gap {
                groups[groups.count - 1].append(event)
            } else {
                groups.append([event])
            }
        }
        return groups.map { group in
            var kinds: [ControlEvent.Kind] = []
            var latest: [ControlEvent.Kind: String] = [:]
            for event in group {
                if latest[event.kind] == nil { kinds.append(event.kind) }
                latest[event.kind] = event.text
            }
            return ChartMarker(x: x(group.last!), label: kinds.map { latest[$0]! }.joined(separator: " · "))
        }
    }
}
