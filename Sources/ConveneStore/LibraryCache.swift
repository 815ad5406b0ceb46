import ConveneCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Parsing every card's YAML at start costs more than the whole time-to-prompt budget, so the parsed
/// library is kept in `$XDG_CACHE_HOME/convene/` and reused while no file's size or time changed.
public enum LibraryCache {

    public struct Source: Sendable, Equatable {
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
        var fingerprint = "convene library cache \(CacheBytes.libraryFormat)\n"
        var paths: [(String, String, LibraryFile.Layer)] = []
        for source in sources {
            for (path, display) in try LibraryFolder.paths(at: source.root) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                fingerprint += "\(source.layer.rawValue) \(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)\n"
                paths.append((path, display, source.layer))
            }
        }
        let cachePath = cacheFolder.map {
            $0 + "/library-" + String(UInt64(bitPattern: Int64(stableHash(sources.map(\.root).joined(separator: "|")))), radix: 16) + ".bin"
        }
        if let cachePath, let data = FileManager.default.contents(atPath: cachePath), let library = cached(data, fingerprint: fingerprint) {
            return library
        }
        var files: [LibraryFile] = []
        for (path, display, layer) in paths { files.append(try LibraryFolder.file(at: path, display: display, layer: layer)) }
        let library = Library(files: files)
        if let cacheFolder, let cachePath {
            // A cache that cannot be written only costs time; it is never an error.
            try? FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
            try? Data(encode(library, fingerprint: fingerprint)).write(to: URL(fileURLWithPath: cachePath), options: .atomic)
        }
        return library
    }

    /// The fingerprint (every file's path, size and time) and then the library.
    public static func encode(_ library: Library, fingerprint: String) -> [UInt8] {
        var bytes = CacheBytes()
        bytes.write(fingerprint)
        bytes.write(library)
        return bytes.bytes
    }

    /// The cached library when it was built from the same files; nil for any other or damaged cache.
    public static func cached(_ data: Data, fingerprint: String) -> Library? {
        var bytes = CacheBytes(reading: [UInt8](data))
        guard (try? bytes.string()) == fingerprint, let library = try? bytes.library(), bytes.isAtEnd else { return nil }
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
