import ArgumentParser
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default $XDG_DATA_HOME/convene/convene.sqlite; env CONVENE_STORE).", valueName: "PATH"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("A folder of your own activities and plans; they override shipped ones by id (env CONVENE_LIBRARY).", valueName: "DIR"))
    var library: String?

    @Flag(name: .customLong("no-color"), help: "No colour (also NO_COLOR, TERM=dumb, or output that is not a terminal).")
    var noColor = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var storePath: String {
        if let store { return Self.absolute(store) }
        if let store = environment["CONVENE_STORE"], !store.isEmpty { return Self.absolute(store) }
        let data: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            data = xdg
        } else {
            data = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return data + "/convene/convene.sqlite"
    }

    var ownLibrary: String? {
        if let library { return Self.absolute(library) }
        return Self.environmentLibrary.map { Self.absolute($0) }
    }

    static var environmentLibrary: String? {
        guard let library = ProcessInfo.processInfo.environment["CONVENE_LIBRARY"], !library.isEmpty else { return nil }
        return library
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let environment = ProcessInfo.processInfo.environment
        if path.hasPrefix("~/") { return (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst(1) }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
