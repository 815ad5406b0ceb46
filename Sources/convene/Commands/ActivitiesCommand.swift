import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct ActivitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities",
        abstract: "Browse, search and check the activity library.",
        subcommands: [List.self, Show.self, Search.self, Lint.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the library's activities and pulse questions.")

        @Option(help: "Only this kind (\(ActivityKind.allCases.map(\.rawValue).joined(separator: ", "))).") var kind: ActivityKind?
        @Option(help: "Only activities serving this value (\(CollaborativeValue.allCases.map(\.rawValue).joined(separator: ", "))).") var value:
            CollaborativeValue?
        @Option(
            name: .customLong("max-minutes"), parsing: .unconditional, help: "Only activities whose typical length is at most N minutes.",
            transform: CountArgument.positive("minutes")) var maxMinutes: Int?
        @Option(
            name: .customLong("group-size"), parsing: .unconditional, help: "Only activities that work for a group of N people.",
            transform: CountArgument.positive("people")) var groupSize: Int?
        @Option(help: "Only this intensity (low, medium, high).") var intensity: Intensity?
        @Option(help: "Only activities that address this signal (\(SignalID.allCases.map(\.rawValue).joined(separator: ", "))).") var addresses:
            SignalID?
        @Flag(help: "JSON instead of text.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let library = try context.loadLibrary()
            context.reportLibraryProblems()
            let items = LibraryFilter(
                kind: kind, value: value, maxMinutes: maxMinutes, groupSize: groupSize, intensity: intensity, addresses: addresses
            ).apply(to: library)
            if json {
                context.print(try encodeJSON(items))
                return
            }
            for item in items {
                let minutes = item.isPulse ? "pulse" : "\(item.minutes.typical) min"
                context.print(
                    "\(item.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(item.kind.label.padding(toLength: 14, withPad: " ", startingAt: 0)) \(minutes.padding(toLength: 7, withPad: " ", startingAt: 0))  \(TerminalText.sanitize(item.title, singleLine: true))"
                )
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an activity's card, wrapped to the terminal.")

        @Argument(help: "The activity id.", completion: Completions.activities) var id: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let library = try context.loadLibrary()
            guard let activity = library[id] else {
                let hint = library.suggestion(for: id).map { " (did you mean \($0)?)" } ?? ""
                throw CLIError.usage("no activity \"\(id)\" in the library\(hint)")
            }
            context.show(ActivityCard.lines(activity, full: true))
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "search", abstract: "Search titles, purposes and text, best match first.")

        @Argument(help: "Words to look for.") var words: [String]
        @Flag(help: "JSON instead of text.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let library = try context.loadLibrary()
            let hits = LibrarySearch(library: library).search(words.joined(separator: " "))
            if json {
                struct Hit: Codable {
                    var id: String
                    var title: String
                    var kind: String
                    var score: Int
                }
                context.print(
                    try encodeJSON(hits.map { Hit(id: $0.activity.id, title: $0.activity.title, kind: $0.activity.kind.rawValue, score: $0.score) }))
                return
            }
            guard !hits.isEmpty else { throw CLIError.failure("nothing in the library matches \"\(words.joined(separator: " "))\"") }
            for hit in hits {
                context.print(
                    "\(hit.activity.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(hit.activity.title, singleLine: true))"
                )
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check library files; every problem as file:line: message.",
            discussion: "With no paths, checks the shipped library and your own (--library). Exit 2 when anything is wrong."
        )

        @Argument(help: "Files or folders to check.") var paths: [String] = []
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            // The library a session would load; checked files are read on top of it, so plans may name its ids.
            var files = try LibraryLoad.sources(ownLibrary: global.ownLibrary).flatMap { try LibraryFolder.files(at: $0.root, layer: $0.layer) }
            if !paths.isEmpty {
                var checked: [LibraryFile] = []
                for path in paths {
                    let full = GlobalOptions.absolute(path)
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                        throw CLIError.usage("no such file \(path)")
                    }
                    if isDirectory.boolValue {
                        checked += try LibraryFolder.files(at: full, layer: .own)
                    } else {
                        checked.append(try LibraryFolder.file(at: full, display: path, layer: .own))
                    }
                }
                let checkedPaths = Set(checked.map(\.path))
                files =
                    files.filter { shipped in
                        !checked.contains { ($0.path as NSString).lastPathComponent == (shipped.path as NSString).lastPathComponent }
                    } + checked
                let library = Library(files: files)
                try report(library.problems.filter { checkedPaths.contains($0.file) }, count: checked.count, context: context)
                return
            }
            let library = Library(files: files)
            try report(library.problems, count: files.count, census: library.census, context: context)
        }

        func report(_ problems: [LibraryProblem], count: Int, census: String? = nil, context: AppContext) throws {
            for problem in problems { context.print(TerminalText.sanitize(problem.description, singleLine: true)) }
            if problems.isEmpty {
                context.print("\(count) files checked: no problems")
                if let census { context.print(census) }
            } else {
                context.output.writeError("convene: \(Plural.count(problems.count, "problem")) in \(Plural.count(count, "file"))\n")
                throw CLIError.shown(.badInput)
            }
        }
    }
}

extension ActivityKind: ExpressibleByArgument {}
extension CollaborativeValue: ExpressibleByArgument {}
extension Intensity: ExpressibleByArgument {}
extension SignalID: ExpressibleByArgument {}
