import ConveneCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Parsing every card's YAML at start costs more than the whole time-to-prompt budget, so the parsed
/// library is kept in `$XDG_CACHE_HOME/convene/` and reused while no file's size or time changed.
public enum LibraryCache {
    struct Entry: Codable {
        var fingerprint: String
        var library: Library
    }

    public struct Source: Sendable {
        public var root: String
        public var layer: LibraryFile.Layer

        public init(root: String, layer: LibraryFile.Layer) {
            self.root = root
            self.layer = layer
        }
    }

    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/convene" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/convene"
    }

    /// The library from these folders, from the cache when nothing changed.
    public static func load(_ sources: [Source], cacheFolder: String? = folder()) throws(StoreError) -> Library {
        var fingerprint = "v1\n"
        var paths: [(String, String, LibraryFile.Layer)] = []
        for source in sources {
            for (path, display) in try LibraryFolder.paths(at: source.root) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                fingerprint += "\(source.layer.rawValue) \(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\n"
                paths.append((path, display, source.layer))
            }
        }
        let cachePath = cacheFolder.map { $0 + "/library-" + String(UInt64(bitPattern: Int64(stableHash(sources.map(\.root).joined(separator: "|")))), radix: 16) + ".json" }
        if let cachePath, let data = FileManager.default.contents(atPath: cachePath),
           let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.fingerprint == fingerprint {
            return entry.library
        }
        var files: [LibraryFile] = []
        for (path, display, layer) in paths { files.append(try LibraryFolder.file(at: path, display: display, layer: layer)) }
        let library = Library(files: files)
        if let cacheFolder, let cachePath, let data = try? JSONEncoder().encode(Entry(fingerprint: fingerprint, library: library)) {
            // A cache that cannot be written only costs time; it is never an error.
            try? FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: cachePath), options: .atomic)
        }
        return library
    }

    /// FNV-1a: the same on every run, unlike `Hasher`.
    static func stableHash(_ text: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }
}
