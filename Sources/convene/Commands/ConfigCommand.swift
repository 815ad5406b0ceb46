import ArgumentParser
import ConveneCore
import ConveneTerminal
import Foundation

/// `convene config`: the settings in force and where each came from, so a facilitator can see why
/// convene uses the store or group it does.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in force and where each came from (flag, environment, config file or default).",
        discussion: """
            The config file is $XDG_CONFIG_HOME/convene/config.yaml (default ~/.config/convene/config.yaml): \
            lines of "key: value", # for comments. A flag wins over its environment variable, which wins over \
            the file, which wins over the default. An unknown key or a bad value stops every command with \
            the file, line and key (exit 2). Keys:

            \(SettingKey.documentation)
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let settings = global.configuration
        let context = AppContext(options: global)
        let exists = settings.file != nil
        context.print("config file: \(settings.path)\(exists ? "" : " (none)")")
        let flags: [String: String?] = ["store": global.store, "library": global.library, "color": global.noColor ? "off" : nil]
        let width = SettingKey.all.map(\.name.count).max() ?? 0
        for key in SettingKey.all {
            let name = key.name.padding(toLength: width, withPad: " ", startingAt: 0)
            // The store's default is a real path, worth showing as one.
            if let value = key.name == SettingKey.store.name ? global.storeChoice : settings.value(key, flag: flags[key.name] ?? nil) {
                // A network URL may carry a password: only its redacted form is printed.
                let shown = key.name == SettingKey.network.name ? redactedNetwork(value.text) : value.text
                context.print("\(name)  \(TerminalText.sanitize(shown, singleLine: true))  (\(value.source))")
            } else if key.name == SettingKey.group.name, let store = try? context.openStoreForReading(), let latest = try? store.latestGroup() {
                // The default named as it resolves now, so "which group?" has an answer.
                context.print("\(name)  \(key.builtIn): \(TerminalText.sanitize(latest.name, singleLine: true))  (default)")
            } else {
                context.print("\(name)  \(key.builtIn)  (default)")
            }
        }
    }

    func redactedNetwork(_ text: String) -> String {
        (try? NetworkChoice.url(text).redacted) ?? "(not a postgres:// URL)"
    }
}
