import Foundation

/// Finds the library that ships with Convene, from any working directory: next to an installed
/// binary (`../share/convene`), or in the source tree the binary was built from.
enum ShippedLibrary {
    static func root() -> String? {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["CONVENE_SHIPPED_LIBRARY"] { candidates.append(override) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binFolder = executable.deletingLastPathComponent()
        candidates.append(binFolder.appendingPathComponent("../share/convene").standardized.path)
        // Sources/convene/ShippedLibrary.swift → the repository root.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/activities") }
    }
}
