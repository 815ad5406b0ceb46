import ConveneCore
import ConveneNetwork

/// One default a facilitator can set once in the config file, with the flag and environment
/// variable that override it. The table drives the file's checks, `convene config` and its help.
struct SettingKey: Sendable {
    let name: String
    let valueName: String
    let summary: String
    /// What applies when nothing sets it.
    let builtIn: String
    let flag: String?
    let environment: String?
    /// For a variable whose presence alone says something (NO_COLOR): the value it stands for.
    var environmentMeans: String? = nil
    /// The built-in default as a value `config get` can print, when it is one (not a description).
    var defaultValue: String? = nil
    /// The problem with a value from the file, or nil when it can be used.
    let check: @Sendable (String) -> String?

    static let store = SettingKey(
        name: "store", valueName: "PATH", summary: "the store file; its folder must exist",
        builtIn: "$XDG_DATA_HOME/convene/convene.sqlite (made when missing)",
        flag: "--store", environment: "CONVENE_STORE", check: checkPath)
    static let library = SettingKey(
        name: "library", valueName: "DIR", summary: "a folder of your own activities and plans, over the shipped ones",
        builtIn: "none", flag: "--library", environment: "CONVENE_LIBRARY", check: checkPath)
    static let group = SettingKey(
        name: "group", valueName: "NAME", summary: "the group for start, signals, trends, export and publish",
        builtIn: "the group met most recently", flag: "--group", environment: nil
    ) { value in
        value.trimmingCharacters(in: .whitespaces).isEmpty ? "needs a group's name" : nil
    }
    static let language = SettingKey(
        name: "language", valueName: "en|es", summary: "the pass round's language for groups created from now on",
        builtIn: "en", flag: nil, environment: nil, defaultValue: "en"
    ) { value in
        ParticipantLanguage(rawValue: value) == nil
            ? "'\(value)' is not one of: \(ParticipantLanguage.allCases.map(\.rawValue).joined(separator: ", "))" : nil
    }
    static let web = SettingKey(
        name: "web", valueName: "ADDRESS[:PORT]", summary: "where /web on serves the participants' page",
        builtIn: "every address, port 8080 or the next free one", flag: nil, environment: "CONVENE_WEB_BIND"
    ) { value in
        WebBind(parsing: value) == nil ? "must be \(WebBind.usage) (got \(value))" : nil
    }
    static let color = SettingKey(
        name: "color", valueName: "on|off|auto", summary: "colour: auto is on when the output is a terminal and TERM is not dumb",
        builtIn: "auto", flag: "--no-color", environment: "NO_COLOR", environmentMeans: "off", defaultValue: "auto"
    ) { value in
        colourChoices.contains(value) ? nil : "'\(value)' is not one of: \(colourChoices.joined(separator: ", "))"
    }
    static let network = SettingKey(
        name: "network", valueName: "URL", summary: "the network's server for publish and network",
        builtIn: "none", flag: "--network", environment: "CONVENE_NETWORK"
    ) { value in
        do {
            _ = try NetworkURL.parse(value)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static let all: [SettingKey] = [store, library, group, language, web, color, network]

    /// The key a person typed, or a one-line error listing the keys.
    static func named(_ name: String) throws(CLIError) -> SettingKey {
        guard let key = all.first(where: { $0.name == name.lowercased() }) else {
            throw .usage("unknown key \"\(name)\" (known: \(all.map(\.name).joined(separator: ", ")))")
        }
        return key
    }

    static let colourChoices = ["on", "off", "auto"]

    // Relative to what? The file is read from any folder, so a path in it must say where it is.
    @Sendable static func checkPath(_ value: String) -> String? {
        value.hasPrefix("/") || value.hasPrefix("~/") ? nil : "must be an absolute path or start with ~/ (got \(value))"
    }

    /// `convene config --help` and the README's table, from the same table.
    static var documentation: String {
        all.map { key in
            var line = "\(key.name): \(key.valueName) — \(key.summary) (default: \(key.builtIn)"
            let overrides = [key.flag, key.environment].compactMap { $0 }
            if !overrides.isEmpty { line += "; \(overrides.joined(separator: " and ")) win over it" }
            return line + ")"
        }.joined(separator: "\n")
    }
}
