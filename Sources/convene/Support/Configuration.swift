import ConveneCore
import Foundation

/// The settings in force. Each comes from its flag, else its environment variable, else the config
/// file ($XDG_CONFIG_HOME/convene/config.yaml), else the built-in default (README "Configuration").
struct Configuration: Sendable {
    enum Source: Sendable, Equatable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(String, line: Int)
        case builtIn

        var description: String {
            switch self {
            case .flag(let name): name
            case .environment(let name): name
            case .file(let path, let line): "\(path):\(line)"
            case .builtIn: "default"
            }
        }
    }

    struct Value: Sendable, Equatable {
        var text: String
        var source: Source
    }

    /// Where the file is looked for; it need not exist.
    let path: String
    let file: ConfigFile?
    let environment: [String: String]

    /// Read once. main.swift stops with the error before any command runs, so commands use `loaded`.
    static let current: Result<Configuration, ConfigError> = Result { () throws(ConfigError) in
        try load(environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration, or the environment alone while the file is broken (the early library
    /// load runs before main.swift has reported it).
    static var loaded: Configuration {
        (try? current.get())
            ?? Configuration(
                path: path(environment: ProcessInfo.processInfo.environment), file: nil, environment: ProcessInfo.processInfo.environment)
    }

    static func path(environment: [String: String]) -> String {
        // XDG: a relative XDG_CONFIG_HOME is to be ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/convene/config.yaml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/convene/config.yaml"
    }

    /// Reads and checks the file: an unknown key or a value its key cannot use is an error with its line.
    static func load(environment: [String: String]) throws(ConfigError) -> Configuration {
        let path = path(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return Configuration(path: path, file: nil, environment: environment) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 1, key: nil, message: "cannot be read as UTF-8 text")
        }
        let file = try ConfigFile.parse(text, path: path)
        for entry in file.entries {
            guard let key = SettingKey.all.first(where: { $0.name == entry.key }) else {
                throw file.problem(entry, "unknown key (known: \(SettingKey.all.map(\.name).joined(separator: ", ")))")
            }
            if let problem = key.check(entry.value) { throw file.problem(entry, problem) }
        }
        return Configuration(path: path, file: file, environment: environment)
    }

    /// The key's value and where it came from; nil when the built-in default applies.
    func value(_ key: SettingKey, flag: String? = nil) -> Value? {
        if let flag, let name = key.flag { return Value(text: flag, source: .flag(name)) }
        if let name = key.environment, let text = environment[name] {
            if let meaning = key.environmentMeans { return Value(text: meaning, source: .environment(name)) }
            if !text.isEmpty { return Value(text: text, source: .environment(name)) }
        }
        if let entry = file?.entry(key.name) { return Value(text: entry.value, source: .file(path, line: entry.line)) }
        return nil
    }

    /// The language of groups created from now on.
    var newGroupLanguage: ParticipantLanguage {
        value(.language).flatMap { ParticipantLanguage(rawValue: $0.text) } ?? .en
    }

    /// Colour from the flag and the file: nil is auto, for the terminal to decide; NO_COLOR wins there.
    func colour(noColorFlag: Bool) -> Bool? {
        switch value(.color, flag: noColorFlag ? "off" : nil)?.text {
        case "on": true
        case "off": false
        default: nil
        }
    }
}
