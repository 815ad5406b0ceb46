import ArgumentParser
import ConveneCore
import ConveneStore

/// What the shell completes for arguments that name things in the library or the store: plan
/// templates, activity ids and group names. The shell calls the binary at each Tab with the words
/// typed so far, so `--store` and `--library` typed on the line are honoured.
enum Completions {
    static let plans = CompletionKind.custom { words, _, prefix in matching(prefix, library(words).plans.keys.sorted()) }
    static let activities = CompletionKind.custom { words, _, prefix in matching(prefix, library(words).sortedActivities.map(\.id)) }
    static let groups = CompletionKind.custom { words, _, prefix in
        matching(prefix, AppDatabase.groupNames(readingOnly: options(words).storeChoice.text))
    }

    static func matching(_ prefix: String, _ names: [String]) -> [String] {
        names.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }
    }

    /// The global options among the words typed (the rest ignored).
    static func options(_ words: [String]) -> GlobalOptions {
        var picked: [String] = []
        for (index, word) in words.enumerated() where ["--store", "--library"].contains(word) && index + 1 < words.count {
            picked += [word, words[index + 1]]
        }
        return (try? GlobalOptions.parse(picked)) ?? GlobalOptions()
    }

    static func library(_ words: [String]) -> Library {
        guard let sources = try? LibraryLoad.sources(ownLibrary: options(words).ownLibrary),
            let library = try? LibraryCache.load(sources, cacheFolder: LibraryLoad.cacheFolder)
        else { return Library() }
        return library
    }
}
