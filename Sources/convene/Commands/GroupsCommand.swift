import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract:
            "List, create, show, rename and delete groups, and set a group's anonymity threshold, pass-round language, seat categories or segment questions.",
        subcommands: [List.self, Create.self, Show.self, Set.self, Rename.self, Delete.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the groups in the store.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            guard let store = try context.openStoreForReading(), !(try store.groups().isEmpty) else {
                context.print("No groups yet: convene groups create NAME, or convene start PLAN --group NAME.")
                return
            }
            for group in try store.groups() {
                let sessions = try group.id.map { try store.sessionSummary(groupId: $0).count } ?? 0
                context.print(
                    "\(TerminalText.sanitize(group.name, singleLine: true)) · \(Plural.count(sessions, "session")) · threshold \(group.threshold)")
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a group.")
        @Argument(help: "The group's name, e.g. \"Reading Coalition steering committee\".") var name: String
        @Option(help: "The anonymity threshold k, 3 to 10 (default 5).") var threshold: Int?
        @Flag(help: "Create it even when its name is close to an existing group's.") var newGroup = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            if let threshold, !GroupContext.thresholdRange.contains(threshold) {
                throw CLIError.usage("--threshold must be from 3 to 10: below 3, two people comparing notes could work out a third person's answer")
            }
            let store = try context.openStoreForWriting()
            if try store.group(named: name) != nil { throw CLIError.usage("a group named \"\(name)\" already exists") }
            var group = try GroupChoice.findOrCreate(name, newGroup: newGroup, store: store, context: context)
            guard group.name.caseInsensitiveCompare(name.trimmingCharacters(in: .whitespaces)) == .orderedSame else {
                context.print("Kept \(TerminalText.sanitize(group.name, singleLine: true)); no group created.")
                return
            }
            if let threshold { group = try store.setThreshold(threshold, group: group.name) }
            context.print("Created \(TerminalText.sanitize(group.name, singleLine: true)) (threshold \(group.threshold)).")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a group: settings, agreements, open conflicts and commitments.")
        @Argument(help: "The group's name.", completion: Completions.groups) var name: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            guard let store = try context.openStoreForReading(), let group = try store.group(named: name) else {
                throw CLIError.usage("no group \"\(name)\" in the store: convene groups list shows them")
            }
            let sessions = try group.id.map { try store.sessionSummary(groupId: $0).count } ?? 0
            context.show([
                .heading(TerminalText.sanitize(group.name, singleLine: true)),
                OutputLine("\(Plural.count(sessions, "session")) · anonymity threshold \(group.threshold) · pass rounds in \(group.language.name)"),
            ])
            let seats = try store.roster(group: group.name).seats
            let byCategory = group.categoryList.compactMap { category -> String? in
                let n = seats.filter { $0.category == category }.count
                return n == 0 ? nil : "\(category) \(n)"
            }
            context.show([
                .dim(
                    "Seat categories: \(group.categoryList.joined(separator: ", ")) · roster: \(seats.isEmpty ? "no seats yet (convene roster add LABEL CATEGORY --group NAME)" : "\(seats.count) seats (\(byCategory.joined(separator: ", ")))")"
                )
            ])
            let segments = try store.segmentQuestions(group: group.name)
            if !segments.isEmpty {
                context.show([.dim("Segment questions: " + segments.map { "\($0.summary)" }.joined(separator: " · "))])
            }
            context.show(try context.carriedLines(store: store, group: group))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a group's settings.")
        @Argument(help: "The group's name.", completion: Completions.groups) var name: String
        @Option(help: "The anonymity threshold k: no pulse result is shown with fewer answers (3 to 10).") var threshold: Int?
        @Option(help: "The language of the pass round's screens: en or es (the page follows each phone's browser).") var language:
            ParticipantLanguage?
        @Option(help: "The seat categories, comma-separated (default: \(Seat.defaultCategories.joined(separator: ","))).") var categories: String?
        @Option(
            name: .customLong("rename-category"),
            help: "Rename a category everywhere at once, past sessions included: grassroots=cbo (one change, not a drop and a rise).")
        var renameCategory: String?
        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Declare a segment question and its options, fixed from then on: --segment \"Where do you work?\" County,Schools,Parents. /pulse … --by \"QUESTION\" then asks it.",
                valueName: "QUESTION OPTIONS"))
        var segment: [String] = []
        @Option(
            name: .customLong("decision-rule"),
            help:
                "When a stance accepts a proposal: consent, majority, \"gradients>=6 from 75%, no block\" or \"fist-to-five>=3 from 51%, no fist\" (none: each method's default)."
        )
        var decisionRule: String?
        @Option(help: "Seat categories that must be present to decide: resident=1,grassroots=1 (none: no quorum).") var quorum: String?
        @Option(help: "How stances are taken: anonymous (phones and the pass round, the default) or on-record (/stance LABEL LEVEL).")
        var decisions: DecisionsMode?
        @OptionGroup var global: GlobalOptions

        enum DecisionsMode: String, ExpressibleByArgument, CaseIterable {
            case anonymous
            case onRecord = "on-record"
        }

        func run() throws {
            guard
                threshold != nil || language != nil || categories != nil || !segment.isEmpty || decisionRule != nil || quorum != nil
                    || decisions != nil || renameCategory != nil
            else {
                throw CLIError.usage(
                    "nothing to change: give --threshold N, --language en|es, --categories A,B,C, --rename-category OLD=NEW, --segment \"QUESTION\" A,B,C, --decision-rule RULE, --quorum CATEGORY=N,… or --decisions anonymous|on-record"
                )
            }
            // The rule and quorum are read by the core's own parsers, so the REPL reads them back the same.
            let rule: String?? = try decisionRule.map { text in text == "none" ? nil : try DecisionRule.parse(text).text }
            // The same words as /pulse --by, checked by the same parser.
            var declared: PulseSegments?
            if !segment.isEmpty {
                let text = "\"\(segment[0])\" " + segment.dropFirst().joined(separator: ",")
                guard case .own(let question, let options) = try CommandParser.segmentRequest(text), !options.isEmpty else {
                    throw CLIError.usage("--segment takes a question and its options: --segment \"Where do you work?\" County,Schools,Parents")
                }
                declared = PulseSegments(question: question, options: options, byCategory: false)
            }
            let list = categories.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty } }
            if let list {
                guard (1...12).contains(list.count), Swift.Set(list).count == list.count,
                    list.allSatisfy({
                        $0.count <= 30 && !$0.contains("=") && !$0.contains(" ") && $0 != Seat.unseated && !PulseAnswer.hasControlCharacters($0)
                    })
                else {
                    throw CLIError.usage(
                        "--categories takes 1 to 12 different one-word names of at most 30 characters, comma-separated (not \"unseated\", no \"=\")")
                }
            }
            let renaming = try renameCategory.map { text -> (String, String) in
                let parts = text.split(separator: "=", omittingEmptySubsequences: false).map {
                    String($0).trimmingCharacters(in: .whitespaces).lowercased()
                }
                guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.count <= 30 && !$0.contains(" ") && $0 != Seat.unseated }),
                    !parts.contains(where: PulseAnswer.hasControlCharacters)
                else { throw CLIError.usage("--rename-category takes OLD=NEW, two one-word names: --rename-category grassroots=cbo") }
                return (parts[0], parts[1])
            }
            if let threshold, !GroupContext.thresholdRange.contains(threshold) {
                throw CLIError.usage(
                    "threshold \(threshold) refused: it must be from 3 to 10. Below 3, two people comparing notes could work out a third person's answer"
                )
            }
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            // A store that cannot write is a failure (exit 1), not bad input.
            if let threshold {
                let group = try store.setThreshold(threshold, group: name)
                context.print(
                    "\(TerminalText.sanitize(group.name, singleLine: true)): threshold \(group.threshold). Pulses already asked keep the threshold they were asked under when it was higher."
                )
            }
            if let list {
                // A category still in use is bad input (exit 2), found before anything changes.
                if let used = Swift.Set(try store.roster(group: name).seats.map(\.category)).subtracting(list).sorted().first {
                    throw CLIError.usage(
                        "category \"\(used)\" is still used by seats on the roster: move them first (convene roster add LABEL CATEGORY --group \"\(name)\")"
                    )
                }
                let group = try store.setCategories(list, group: name)
                context.print(
                    "\(TerminalText.sanitize(group.name, singleLine: true)): seat categories \(group.categoryList.joined(separator: ", ")).")
            }
            if let (old, new) = renaming {
                let group = try store.renameCategory(old, to: new, group: name)
                context.print(
                    "\(TerminalText.sanitize(group.name, singleLine: true)): category \(old) is now \(new), in past sessions too; seat categories \(group.categoryList.joined(separator: ", "))."
                )
            }
            if let language {
                let group = try store.setLanguage(language, group: name)
                context.print("\(TerminalText.sanitize(group.name, singleLine: true)): pass rounds in \(group.language.name).")
            }
            if rule != nil || quorum != nil || decisions != nil {
                guard let record = try store.group(named: name) else {
                    throw CLIError.usage("no group \"\(name)\" in the store: convene groups list shows them")
                }
                let quorumText: String?? = try quorum.map { text in
                    text == "none" ? nil : try Quorum.parse(text, categories: (list ?? record.categoryList)).text
                }
                let group = try store.setDecisionRules(rule: rule, quorum: quorumText, onRecord: decisions.map { $0 == .onRecord }, group: name)
                let shownRule = group.decisionRule.flatMap { try? DecisionRule.parse($0).description } ?? "each method's default"
                context.print(
                    "\(TerminalText.sanitize(group.name, singleLine: true)): decides by \(shownRule); quorum \(group.quorum ?? "none"); stances \(group.decisionsOnRecord ? "on the record" : "anonymous")."
                )
            }
            if let declared {
                let known = try store.segmentQuestions(group: name)
                if try PulseSegments.checked(declared, against: known) == declared, PulseSegments.named(declared.question, in: known) == nil {
                    try store.declare(declared, group: name)
                    context.print(
                        "\(TerminalText.sanitize(name, singleLine: true)): segment question \(declared.summary), asked by /pulse … \(declared.byArgument)."
                    )
                } else {
                    context.print("\(TerminalText.sanitize(name, singleLine: true)): segment question \(declared.summary) was already declared.")
                }
            }
        }
    }
}

extension GroupsCommand {
    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename", abstract: "Rename a group; its sessions, agreements, conflicts, commitments and seats stay with it.")
        @Argument(help: "The group's name now.", completion: Completions.groups) var name: String
        @Argument(help: "Its new name.") var newName: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            let group = try store.renameGroup(name, to: newName)
            context.print("Renamed \(TerminalText.sanitize(name, singleLine: true)) to \(TerminalText.sanitize(group.name, singleLine: true)).")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a group with its sessions, answers, agreements, conflicts and commitments (asks first; --yes in scripts).")
        @Argument(help: "The group's name.", completion: Completions.groups) var name: String
        @Flag(help: "Delete without asking (for scripts).") var yes = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            guard let group = try store.group(named: name), let id = group.id else {
                throw CLIError.usage("no group \"\(name)\" in the store: convene groups list shows them")
            }
            let shown = TerminalText.sanitize(group.name, singleLine: true)
            let sessions = Plural.count(try store.sessionSummary(groupId: id).count, "session")
            try Confirmation.require(
                "Delete \(shown) and its \(sessions), answers, agreements, conflicts and commitments? This cannot be undone.", yes: yes,
                refusal: .usage("groups delete \"\(shown)\" removes \(sessions) for good: add --yes to confirm in a script"), context: context)
            try store.deleteGroup(group.name)
            try store.checkpoint()
            context.print("Deleted \(shown) (\(sessions)).")
        }
    }
}

extension ParticipantLanguage: ExpressibleByArgument {}
