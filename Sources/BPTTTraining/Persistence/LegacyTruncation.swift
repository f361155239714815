import Foundation
import BPTTNumerics

/// Files written before the truncation had one stored form spelled it flat, beside the other fields:
/// `"truncation": "blocks", "k1": 3, "k2": 2` (a checkpoint's config, every metrics record). This
/// rewrites such a JSON object into the current form (`Truncation`'s Codable) before decoding.
enum LegacyTruncation {
    /// Whether `object` spells its truncation the old, flat way.
    static func isLegacy(_ object: [String: Any]) -> Bool { object["truncation"] is String }

    /// `object` with a flat truncation replaced by the stored form; unchanged when it has none.
    static func migrated(_ object: [String: Any]) -> [String: Any] {
        guard let mode = object["truncation"] as? String else { return object }
        var object = object
        var stored: [String: Any] = ["mode": mode]
        // An old metrics record in sentence mode, or an old config's remembered sizes while off: dropped.
        if mode == Truncation.blocksName {
            stored["k1"] = object["k1"]
            stored["k2"] = object["k2"]
        }
        object["truncation"] = stored
        object["k1"] = nil
        object["k2"] = nil
        return object
    }

    /// One JSON object's bytes, migrated.
    static func migrated(json: Data) throws -> Data {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any], isLegacy(object) else { return json }
        return try JSONSerialization.data(withJSONObject: migrated(object))
    }
}
