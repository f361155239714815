/// Which backward algorithm computes the gradients. Both give the same gradients.
/// - naive: for every output t, its error is pushed back through all earlier steps of the window
///   at once (O(T^2) recurrent products per window).
/// - optimized: dE/ds_t is accumulated and the window is swept back once (O(T)).
public enum EngineKind: String, Sendable, CaseIterable, Codable {
    case naive
    case optimized
}
