import ConveneCore
import ConveneStore
import Foundation

/// The library loading on its own thread. Decoding it is the longest part of a start, so the REPL
/// commands begin it in `main.swift` before the arguments are parsed, from the folders the
/// environment names; a command whose `--library` names other folders loads again.
final class LibraryLoad: @unchecked Sendable {
    /// Set once at the top of `main.swift`, before any other thread exists, and only read after.
    nonisolated(unsafe) static var early: LibraryLoad?

    let sources: [LibraryCache.Source]
    let cacheFolder: String?
    private let done = DispatchSemaphore(value: 0)
    // Written by the loading thread before `done` is signalled, read only after waiting on it.
    private var outcome: Result<Library, StoreError> = .success(Library())

    init(sources: [LibraryCache.Source], cacheFolder: String?) {
        self.sources = sources
        self.cacheFolder = cacheFolder
        Thread.detachNewThread {
            self.outcome = Result { () throws(StoreError) in try LibraryCache.load(sources, cacheFolder: cacheFolder) }
            self.done.signal()
        }
    }

    /// Waits for the library; every caller gets the same one.
    func wait() throws(StoreError) -> Library {
        done.wait()
        done.signal()
        return try outcome.get()
    }

    /// Starts loading the library for a command that opens the REPL, when the environment or the
    /// config file says where it is; a folder that does not exist is left for the command to report.
    static func startEarly(arguments: [String]) {
        guard arguments.isEmpty || ["start", "resume"].contains(arguments[0]) else { return }
        guard let sources = try? sources(ownLibrary: GlobalOptions.configuredLibrary(flag: nil, configuration: .loaded)) else { return }
        early = LibraryLoad(sources: sources, cacheFolder: cacheFolder)
    }

    /// The early load, when it reads these folders into the same cache.
    static func early(matching sources: [LibraryCache.Source]) -> LibraryLoad? {
        guard let early, early.sources == sources, early.cacheFolder == cacheFolder else { return nil }
        return early
    }

    /// The shipped library, then the facilitator's own on top of it.
    static func sources(ownLibrary: String?) throws -> [LibraryCache.Source] {
        var sources: [LibraryCache.Source] = []
        if let shipped = ShippedLibrary.root { sources.append(.init(root: shipped, layer: .shipped)) }
        if let own = ownLibrary {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: own, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError.usage("library folder \(own) does not exist (from --library, CONVENE_LIBRARY or the config file)")
            }
            sources.append(.init(root: own, layer: .own))
        }
        return sources
    }

    static var cacheFolder: String? {
        ProcessInfo.processInfo.environment["CONVENE_NO_CACHE"] != nil ? nil : LibraryCache.folder()
    }
}
