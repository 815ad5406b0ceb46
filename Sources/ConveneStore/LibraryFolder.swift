import ConveneCore
import Foundation

/// Reads library files from disk: `activities/*.md` and `sessions/*.yaml` under a root folder.
public enum LibraryFolder {
    /// The files under `root` (its `activities/` and `sessions/` folders, or the folder itself
    /// when it holds `.md` and `.yaml` files directly).
    public static func files(at root: String, layer: LibraryFile.Layer) throws(StoreError) -> [LibraryFile] {
        var files: [LibraryFile] = []
        for (path, display) in try paths(at: root) { files.append(try file(at: path, display: display, layer: layer)) }
        return files
    }

    /// The library files under `root`, with the name to show in messages.
    public static func paths(at root: String) throws(StoreError) -> [(path: String, display: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(.notFound, "library folder \(root) does not exist")
        }
        var paths: [(String, String)] = []
        let cwd = FileManager.default.currentDirectoryPath
        let folders = ["activities", "sessions"].map { root + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        for folder in folders.isEmpty ? [root] : folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                if name.uppercased() == "README.MD" { continue }
                paths.append((folder + "/" + name, display(folder + "/" + name, cwd: cwd)))
            }
        }
        return paths
    }

    public static func file(at path: String, display: String? = nil, layer: LibraryFile.Layer) throws(StoreError) -> LibraryFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.notFound, "cannot read \(path)")
        }
        // A file that is not UTF-8 still loads as text; the parser then reports what it cannot read.
        let text = String(decoding: data, as: UTF8.self)
        return LibraryFile(path: display ?? path, text: text, layer: layer)
    }

    /// Paths in messages are relative to the working directory, as a facilitator would type them.
    static func display(_ path: String, cwd: String) -> String {
        path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
