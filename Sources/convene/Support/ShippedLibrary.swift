import Foundation

/// Finds the library that ships with Convene, from any working directory: next to an installed
/// binary (`../share/convene`), or in the source tree the binary was built from.
enum ShippedLibrary {
    /// Found once: a start asks for it twice (the early library load, then the command).
    static let root: String? = {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["CONVENE_SHIPPED_LIBRARY"] { candidates.append(override) }
        // argv[0] is only the name typed when the binary is found on PATH; /proc/self/exe is the file.
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : CommandLine.arguments[0]
        let binFolder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(binFolder.appendingPathComponent("../share/convene").standardized.path)
        // Sources/convene/Support/ShippedLibrary.swift → the repository root.
        let source = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../..").standardized
        candidates.append(source.path)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/activities") }
    }()
}
