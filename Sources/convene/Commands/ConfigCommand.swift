import ArgumentParser
import ConveneCore
import ConveneTerminal
import Foundation

/// `convene config`: the settings in force and where each came from, so a facilitator can see why
/// convene uses the store or group it does.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in force and where each came from; get, set or unset one in the config file.",
        discussion: """
            The config file is $XDG_CONFIG_HOME/convene/config.yaml (default ~/.config/convene/config.yaml): \
            lines of "key: value", # for comments. A flag wins over its environment variable, which wins over \
            the file, which wins over the default. An unknown key or a bad value stops every command with \
            the file, line and key (exit 2). Keys:

            \(SettingKey.documentation)
            """,
        subcommands: [Show.self, Get.self, Set.self, Unset.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "The settings in force and where each came from (the default).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let settings = global.configuration
            let context = AppContext(options: global)
            let exists = settings.file != nil
            context.print("config file: \(settings.path)\(exists ? "" : " (none)")")
            let width = SettingKey.all.map(\.name.count).max() ?? 0
            for key in SettingKey.all {
                let name = key.name.padding(toLength: width, withPad: " ", startingAt: 0)
                if let value = ConfigCommand.value(key, global: global) {
                    context.print("\(name)  \(ConfigCommand.shown(key, value.text))  (\(value.source))")
                } else if key.name == SettingKey.group.name, let store = try? context.openStoreForReading(), let latest = try? store.latestGroup() {
                    // The default named as it resolves now, so "which group?" has an answer.
                    context.print("\(name)  \(key.builtIn): \(TerminalText.sanitize(latest.name, singleLine: true))  (default)")
                } else {
                    context.print("\(name)  \(key.builtIn)  (default)")
                }
            }
        }

    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Print the value in force for one key (exit 1 when nothing sets it and it has no default value).")
        @Argument(help: ArgumentHelp("The key (\(SettingKey.all.map(\.name).joined(separator: ", "))).", valueName: "key")) var key: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let setting = try SettingKey.named(key)
            let context = AppContext(options: global)
            var value = ConfigCommand.value(setting, global: global)?.text
            if value == nil, setting.name == SettingKey.group.name, let store = try context.openStoreForReading() {
                value = try store.latestGroup()?.name
            }
            guard let value = value ?? setting.defaultValue else {
                throw CLIError.failure("\(setting.name) is not set (default: \(setting.builtIn))")
            }
            context.print(ConfigCommand.shown(setting, value))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set one key in the config file, keeping its other lines and comments.",
            discussion: "convene config set group \"Reading Coalition\" · convene config set language es · convene config set web 0.0.0.0:8080")
        @Argument(help: ArgumentHelp("The key (\(SettingKey.all.map(\.name).joined(separator: ", "))).", valueName: "key")) var key: String
        @Argument(help: "Its value.") var value: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let setting = try SettingKey.named(key)
            if let problem = setting.check(value) { throw CLIError.usage("\(setting.name): \(problem)") }
            let context = AppContext(options: global)
            try ConfigCommand.write(setting, value, path: global.configuration.path)
            context.print("\(setting.name) set in \(global.configuration.path)")
            if let name = setting.environment, ProcessInfo.processInfo.environment[name] != nil {
                context.output.writeError("convene: note: \(name) is set in this shell and wins over the file\n")
            }
            if setting.name == SettingKey.group.name, try context.openStoreForReading()?.group(named: value) == nil {
                context.output.writeError(
                    "convene: note: no group \"\(TerminalText.sanitize(value, singleLine: true))\" in the store yet; convene start creates it\n")
            }
        }
    }

    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset", abstract: "Remove one key from the config file, so its default applies.")
        @Argument(help: ArgumentHelp("The key (\(SettingKey.all.map(\.name).joined(separator: ", "))).", valueName: "key")) var key: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let setting = try SettingKey.named(key)
            let context = AppContext(options: global)
            guard global.configuration.file?.entry(setting.name) != nil else {
                context.print("\(setting.name) is not in \(global.configuration.path)")
                return
            }
            try ConfigCommand.write(setting, nil, path: global.configuration.path)
            context.print("\(setting.name) removed from \(global.configuration.path)")
        }
    }

    /// The value a key has now and where it came from (a flag, the environment, the file), or nil
    /// when its built-in default applies; the store's default is a real path, worth showing as one.
    static func value(_ key: SettingKey, global: GlobalOptions) -> Configuration.Value? {
        key.name == SettingKey.store.name ? global.storeChoice : global.configuration.value(key, flag: global.flag(for: key))
    }

    /// A value as printed: one clean line, and a network URL only in its redacted form (it may carry a password).
    static func shown(_ key: SettingKey, _ text: String) -> String {
        let shown = key.name == SettingKey.network.name ? ((try? NetworkChoice.url(text).redacted) ?? "(not a postgres:// URL)") : text
        return TerminalText.sanitize(shown, singleLine: true)
    }

    /// The file rewritten with one key changed. The new text is written to a file beside it, made
    /// with the old file's mode (0600 for a new one: it may come to hold a network URL) before any
    /// byte is in it, then renamed over the old one: never readable by others, never half written.
    static func write(_ setting: SettingKey, _ value: String?, path: String) throws {
        let manager = FileManager.default
        let old = manager.fileExists(atPath: path) ? (manager.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) } ?? "") : ""
        let text = try ConfigFile.text(old, path: path, setting: setting.name, to: value)
        let mode = (try? manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o600
        let partial = path + ".partial"
        do {
            try manager.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try? manager.removeItem(atPath: partial)
            guard manager.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: mode]),
                let handle = FileHandle(forWritingAtPath: partial)
            else { throw CLIError.failure("could not write \(partial)") }
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
            try handle.close()
            guard rename(partial, path) == 0 else { throw CLIError.failure("could not replace \(path)") }
        } catch {
            try? manager.removeItem(atPath: partial)
            throw CLIError.failure("could not write \(path): \(error.localizedDescription)")
        }
    }
}
