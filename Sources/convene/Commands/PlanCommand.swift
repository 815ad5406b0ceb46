import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Generate a session plan that fits the minutes and covers the values you ask for.",
        discussion:
            "Builds the meeting around the group's items (--item, repeatable, in order): context and trust work before a decision, each decide item followed by its method's card, commitments after decisions. Runs in arc order (open, connect, context, work, decide, close) with a break at least every 90 minutes and the check-in and check-out within a quarter of the time, keeps each activity near its typical minutes for --size people, puts trust-building before anything that asks high exposure, and with --group avoids what the group did in its last 3 sessions and includes one activity for its strongest open signal, named in the notes. The same seed gives the same plan. --prep prints the preparation sheet. Run the plan with: convene start FILE"
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, md, yaml
        // "markdown" reads as well as the short name the other commands use.
        init?(argument: String) {
            self.init(rawValue: argument == "markdown" ? "md" : argument)
        }
    }

    @Option(parsing: .unconditional, help: "Total minutes.", transform: CountArgument.positive("minutes")) var minutes: Int
    @Option(help: "Values to cover, comma-separated (\(CollaborativeValue.allCases.map(\.rawValue).joined(separator: ", "))).") var focus: String?
    @Option(help: "Avoid activities this group used in its last 3 sessions, and answer its strongest signal.", completion: Completions.groups)
    var group: String?
    @Option(
        parsing: .unconditional, help: "How many people will take part (rounds where everyone speaks are timed for them).",
        transform: CountArgument.positive("people")) var size: Int?
    @Option(
        help: ArgumentHelp(
            "An agenda item, \"TITLE: PURPOSE MINUTES [METHOD]\" (purpose inform, discuss or decide; method for decide: \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", "))). Repeat it for each item, in order.",
            valueName: "item")) var item: [String] = []
    @Option(help: "Languages the meeting is interpreted into, comma-separated (es,vi): interpretation is set up first and rounds take longer.")
    var languages: String?
    @Option(help: "The plan's title.") var title: String?
    @Option(help: "Seed (default: today's date, so a day's plans repeat).") var seed: UInt64?
    @Option(help: "Write the plan to this file (YAML, the file convene start runs) instead of standard output.") var out: String?
    @Flag(help: "Print the preparation sheet: materials by activity, room set-up, what to print.") var prep = false
    @Option(help: "text (the agenda as a person reads it, the default), md (markdown), or yaml (the plan file; not with --prep).")
    var format: Format?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        let values: [CollaborativeValue]
        do {
            values = try PlanOrder.values(focus ?? "")
        } catch {
            throw CLIError.usage("--focus: \(error.message)")
        }
        var items: [BusinessItem] = []
        for text in item {
            do {
                items.append(try BusinessItem.parse(argument: text))
            } catch {
                throw CLIError.usage(error.message)
            }
        }
        let codes: [String]
        do {
            codes = try PlanOrder.languages(languages ?? "")
        } catch {
            throw CLIError.usage("--languages: \(error.message)")
        }
        if format == .yaml, prep {
            throw CLIError.usage("--format yaml is the plan file, not the preparation sheet: --format text or md with --prep")
        }
        if format != nil, out != nil, !prep {
            throw CLIError.usage("--out writes the plan file (YAML): leave out --format, or print with --format and no --out")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError.usage("--title must not be empty") }
        var forGroup: PlanOrder.ForGroup?
        if let group {
            guard let store = try context.openStoreForReading(), let record = try store.group(named: group), let id = record.id else {
                throw CLIError.usage("no group \"\(group)\" in the store")
            }
            // The same signals `convene signals` shows, strongest first.
            forGroup = .init(
                name: record.name, recent: try store.recentActivityIDs(groupId: id),
                signals: SignalDetector(library: library).signals(try store.history(groupId: id)))
        }
        let order = PlanOrder(minutes: minutes, focus: values, size: size, seed: seed, title: title, items: items, languages: codes)
        let plan = try order.plan(library: library, day: CivilClock.local.day(Date()), group: forGroup)
        let yaml = plan.yaml()
        if let out {
            do {
                try yaml.write(toFile: GlobalOptions.absolute(out), atomically: true, encoding: .utf8)
            } catch {
                throw CLIError.failure("could not write \(out): \(error.localizedDescription)")
            }
            context.output.writeError(
                "convene: wrote \(out) (\(plan.agenda.count) items, \(library.plannedMinutes(plan, size: size)) min); convene start \(out) runs it\n")
        } else if !prep {
            switch format ?? .text {
            case .text:
                context.show(plan.agendaLines(library: library, size: size) + [.dim("--out FILE writes the plan file; convene start FILE runs it.")])
            case .md: context.print(plan.agendaMarkdown(library: library, size: size))
            case .yaml: context.print(yaml)
            }
        }
        if prep {
            let sheet = PrepSheet(plan: plan, library: library, size: size)
            switch format ?? .text {
            case .text, .yaml: context.show(sheet.lines())
            case .md: context.print(sheet.markdown())
            }
        }
    }
}
