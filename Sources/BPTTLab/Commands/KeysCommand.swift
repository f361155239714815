import ArgumentParser
import BPTTTraining

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "List every config key with its type, default and meaning.")

    func run() throws {
        let rows = ConfigLoader.keyDocumentation
        let keyWidth = rows.map(\.key.count).max() ?? 0
        let typeWidth = rows.map(\.type.count).max() ?? 0
        for row in rows {
            let key = row.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            let type = row.type.padding(toLength: typeWidth, withPad: " ", startingAt: 0)
            print("\(key)  \(type)  default \(row.defaultValue)  \(row.help)")
        }
    }
}
