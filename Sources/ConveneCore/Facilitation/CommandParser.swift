/// Turns a REPL line into a `Command`. Plain text is a note; `/name args` is a command.
public enum CommandParser {
    /// Longest line Convene accepts; a note longer than this is almost certainly a paste gone wrong.
    public static let maxLineBytes = 10_000
    /// An arena-sized assembly; the page's connection caps and the store hold this many phones.
    public static let maxHeadcount = 100_000

    /// Returns nil for an empty line.
    public static func parse(_ line: String) throws(CoreError) -> Command? {
        if line.utf8.count > maxLineBytes {
            throw .usage("line too long (\(line.utf8.count) bytes; at most \(maxLineBytes)): nothing was saved")
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard trimmed.hasPrefix("/") else {
            if let spec = bareCommand(trimmed) {
                throw .usage(
                    "did you mean /\(spec.name)? Nothing was noted: /\(trimmed.lowercased()) runs it, /note \(shown(trimmed)) notes the word")
            }
            return .note(trimmed)
        }
        let body = trimmed.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace }).lowercased()
        let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if name.isEmpty { throw .usage("a lone / is not a command: /help lists them") }
        // One table says which names and aliases exist and how each reads its arguments (CommandSpec).
        guard let spec = CommandSpec.named(name), case .session(let parse) = spec.parse else { throw CommandSpec.unknown(name) }
        return try CommandSpec.read(parse, CommandArguments(name: name, rest: rest, usage: spec.usage))
    }

    // How the rows of `CommandSpec.all` with more than one argument read them.

    static func add(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let words = try arguments.required("an activity id").split(separator: " ").map(String.init)
        if words.count == 3, words[1].lowercased() == "at" { return .add(id: words[0], at: try arguments.number(in: words[2], "a step number")) }
        guard words.count == 1 else { throw .usage("/add takes an id and optionally a step: /add pre-mortem at 4") }
        return .add(id: words[0], at: nil)
    }

    static func edit(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let text = try arguments.required("a note number and its new text")
        let first = String(text.prefix { !$0.isWhitespace })
        let new = text.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
        let note = try arguments.number(in: first, "a note number")
        guard !new.isEmpty else { throw .usage("/edit needs the note's new text: /edit \(note) TEXT") }
        return .edit(note, text: new)
    }

    static func resolve(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let text = try arguments.required("a conflict number")
        let first = String(text.prefix { !$0.isWhitespace })
        let note = text.dropFirst(first.count).trimmingCharacters(in: .whitespaces)
        return .resolve(try arguments.number(in: first, "a conflict number"), note: note.isEmpty ? nil : note)
    }

    static func present(_ arguments: CommandArguments) throws(CoreError) -> Command {
        if arguments.rest.contains("=") { return .presentBy(try categoryCounts(arguments.rest)) }
        let count = try arguments.number("a headcount")
        guard (0...Self.maxHeadcount).contains(count) else { throw .usage("/present needs a headcount from 0 to \(Self.maxHeadcount)") }
        return .present(count)
    }

    static func seat(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let words = try labels(try arguments.required("a label and a category"))
        guard (2...3).contains(words.count) else {
            throw .usage(
                "/seat takes a label, a category and optionally an organization: /seat \"United Way\" funder (quote a label of several words)")
        }
        return .seat(label: words[0], category: words[1].lowercased(), organization: words.count == 3 ? words[2] : nil)
    }

    static func openPulse(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let rest = arguments.rest
        // "--by" splits the pulse from its segment question; a question's own text may not hold it.
        if let by = rest.range(of: "--by", options: .backwards), rest[by.upperBound...].first?.isWhitespace ?? true {
            var tail = rest[by.upperBound...].trimmingCharacters(in: .whitespaces)
            let force = tail.hasSuffix(" --force") || tail == "--force"
            if force { tail = String(tail.dropLast("--force".count)).trimmingCharacters(in: .whitespaces) }
            let segment = try segmentRequest(tail)
            return .pulse(.segmented(try pulse(rest[..<by.lowerBound].trimmingCharacters(in: .whitespaces)), by: segment, force: force))
        }
        return .pulse(try pulse(rest))
    }

    static func close(_ arguments: CommandArguments) throws(CoreError) -> Command {
        guard arguments.rest.isEmpty || arguments.rest == "--force" else { throw .usage("/close takes only --force") }
        return .close(force: arguments.rest == "--force")
    }

    static func web(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let words = arguments.rest.split(separator: " ").map(String.init)
        switch words.first?.lowercased() {
        case nil: return .web(.status)
        case "on"?:
            guard words.count <= 2 else { throw .usage("/web on takes at most an ADDRESS[:PORT]") }
            // A bad port is a usage error before anything else is asked (the headcount).
            if words.count == 2, WebBind(parsing: words[1]) == nil {
                throw .usage("/web on takes \(WebBind.usage) (got \(words[1]))")
            }
            return .web(.on(bind: words.count == 2 ? words[1] : nil))
        case "off"?:
            guard words.count == 1 else { throw .usage("/web off takes no arguments") }
            return .web(.off)
        case "code"?:
            guard words.count == 1 else { throw .usage("/web code takes no arguments") }
            return .web(.newCode)
        default: throw .usage("/web takes on [ADDRESS[:PORT]], off or code")
        }
    }

    static func end(_ arguments: CommandArguments) throws(CoreError) -> Command {
        let rest = arguments.rest
        if rest.isEmpty { return .end(out: nil) }
        guard rest == "--out" || rest.hasPrefix("--out ") else { throw .usage("/end takes only --out FILE") }
        let file = rest.dropFirst(5).trimmingCharacters(in: .whitespaces)
        guard !file.isEmpty else { throw .usage("/end --out needs a file name") }
        return .end(out: file)
    }

    /// A line typed without its slash that would run as a command: one command word, or one
    /// followed by a number (`next`, `undo`, `goto 3`, `done 2`). Longer text is a note, whatever it
    /// starts with, and so is a word that would not run alone ("done" needs a number).
    static func bareCommand(_ line: String) -> CommandSpec? {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard (1...2).contains(words.count), let spec = CommandSpec.named(String(words[0])),
            words.count == 1 || Int(words[1]) != nil,
            (try? parse("/" + line)) != nil
        else { return nil }
        return spec
    }

    static func shown(_ text: String) -> String { TerminalText.sanitize(String(text.prefix(60)), singleLine: true) }

    static func timer(_ text: String) throws(CoreError) -> Command.TimerAction {
        switch text.lowercased() {
        case "": return .show
        case "pause", "stop": return .pause
        case "resume", "start", "go": return .resume
        default:
            let sign = text.first
            let digits = sign == "+" || sign == "-" ? String(text.dropFirst()) : text
            guard let minutes = Double(digits), minutes.isFinite, minutes >= 0, minutes <= 600 else {
                throw .usage("/timer takes minutes (10), more minutes (+5, -2), pause or resume (got \"\(shown(text))\")")
            }
            switch sign {
            case "+": return .add(minutes: minutes)
            case "-": return .add(minutes: -minutes)
            default:
                guard minutes > 0 else { throw .usage("/timer needs more than 0 minutes") }
                return .set(minutes: minutes)
            }
        }
    }

    static func commit(_ text: String) throws(CoreError) -> Command {
        guard let colon = text.firstIndex(of: ":") else {
            throw .usage("/commit needs OWNER: ACTION, like /commit Ana: send the survey draft by +2w")
        }
        let owner = text[..<colon].trimmingCharacters(in: .whitespaces)
        var action = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !owner.isEmpty else { throw .usage("/commit needs an owner before the colon: /commit Ana: ACTION") }
        var due = DueInput.none
        if let range = action.range(of: " by ", options: .backwards) {
            let word = action[range.upperBound...].trimmingCharacters(in: .whitespaces)
            // "by next week", "by Friday", "by end of month": a date in words is refused, not
            // left in the action with no date (the facilitator thinks it was taken).
            if Self.looksLikeDate(word) && (word.contains(" ") || (try? dueDate(word)) == nil) {
                throw .usage(
                    "cannot read the date \"\(shown(word))\": write it as YYYY-MM-DD, +3d, +2w or next-session (for example /commit \(shown(owner)): \(shown(String(action[..<range.lowerBound]))) by +1w)"
                )
            }
            if !word.contains(" ") {
                do {
                    due = try dueDate(word)
                } catch {
                    // The last word after " by " is read as the due date; a name there needs a date after it.
                    guard let first = word.first, !first.isNumber, first != "+" else { throw error }
                    throw .usage(
                        "\(error.message); a last \"by WORD\" is read as the due date (write \"… by Maria by +1w\" to keep it in the action)")
                }
                action = action[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
        } else if action.lowercased().hasPrefix("by ") {
            throw .usage("/commit needs an action before the date")
        }
        guard !action.isEmpty else { throw .usage("/commit needs an action after the colon: /commit \(shown(owner)): ACTION") }
        if action.contains("--due") { throw .usage("/commit takes its date as \"by DATE\" at the end: /commit \(shown(owner)): ACTION by +2w") }
        return .commit(owner: owner, action: action, due: due)
    }

    /// Words that start a date as people say it, which the parser does not read.
    static let dateWords: Set<String> = [
        "next", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "tonight", "eow", "eom", "week", "month",
    ]

    /// "next week", "Friday", "end of month", "the end of June", "this Friday": a date in words (not
    /// "the board" or "Maria").
    static func looksLikeDate(_ words: String) -> Bool {
        var list = words.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard !list.isEmpty, list.count <= 5 else { return false }
        if ["the", "this"].contains(list[0]) { list.removeFirst() }
        guard let first = list.first else { return false }
        return dateWords.contains(first) || (first == "end" && list.dropFirst().first == "of")
    }

    /// YYYY-MM-DD, +3d, +2w, +3m, next-session, today, tomorrow.
    public static func dueDate(_ word: String) throws(CoreError) -> DueInput {
        let lower = word.lowercased()
        let problem = CoreError.usage("cannot read the date \"\(shown(word))\": use YYYY-MM-DD, +3d, +2w, +3m or next-session")
        switch lower {
        case "next-session", "nextsession": return .nextSession
        case "today": return .inDays(0)
        case "tomorrow": return .inDays(1)
        default: break
        }
        if lower.hasPrefix("+"), let unit = lower.last, unit == "d" || unit == "w" || unit == "m" {
            guard let count = Int(lower.dropFirst().dropLast()), (0...3650).contains(count) else { throw problem }
            // A month is 30 days: a review "in three months" lands within a day or two of it.
            return .inDays(unit == "w" ? count * 7 : unit == "m" ? count * 30 : count)
        }
        let parts = lower.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (2000...2200).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { throw problem }
        let daysInMonth = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= daysInMonth[month - 1] else { throw .usage("there is no \(shown(word)) in the calendar") }
        return .day(year: year, month: month, day: day)
    }

    /// Words, where a quoted run of words is one: `"United Way" funder` is two.
    /// A label typed in quotes, as /seat and /here take it, is the label without them.
    static func unquoted(_ text: String) -> String {
        let quotes: Set<Character> = ["\"", "“", "”"]
        guard text.count >= 2, let first = text.first, let last = text.last, quotes.contains(first), quotes.contains(last) else { return text }
        let inner = text.dropFirst().dropLast()
        return inner.contains(where: quotes.contains) ? text : String(inner)
    }

    static func relabel(_ text: String) throws(CoreError) -> Command {
        let labels = try labels(text)
        guard labels.count == 2 else {
            throw .usage(
                "/relabel takes two labels, the one to fix and the right one; a label of several words goes in quotes: /relabel Sch \"School District\""
            )
        }
        return .relabel(from: labels[0], to: labels[1])
    }

    static func labels(_ text: String) throws(CoreError) -> [String] {
        let quotes: Set<Character> = ["\"", "“", "”"]
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if quotes.contains(character) {
                if quoted {
                    words.append(current)
                    current = ""
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                quoted.toggle()
            } else if character.isWhitespace, !quoted {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw .usage("a quoted label needs its closing quote") }
        if !current.isEmpty { words.append(current) }
        let cleaned = words.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
        if let long = cleaned.first(where: { $0.count > Seat.maxLabelLength }) {
            throw .usage("a label has at most \(Seat.maxLabelLength) characters (\(shown(long))…)")
        }
        return cleaned
    }

    /// `resident=4 grassroots=3`: each category once, counts from 0.
    static func categoryCounts(_ text: String) throws(CoreError) -> [CategoryCount] {
        var counts: [CategoryCount] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            let parts = word.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let count = Int(parts[1]), count >= 0 else {
                throw .usage("/present by category takes CATEGORY=N pairs, like /present resident=4 grassroots=3 (got \"\(shown(String(word)))\")")
            }
            let category = parts[0].lowercased()
            guard !counts.contains(where: { $0.category == category }) else { throw .usage("/present names \(shown(category)) twice") }
            counts.append(CategoryCount(category: category, count: count))
        }
        guard counts.reduce(0, { $0 + $1.count }) <= maxHeadcount else { throw .usage("/present needs a headcount from 0 to \(maxHeadcount)") }
        return counts
    }

    /// `/decided TEXT [review DATE]`: the outcome, and when to look at it again.
    static func decided(_ text: String) throws(CoreError) -> Command {
        var outcome = text
        var review = DueInput.none
        if let range = text.range(of: " review ", options: [.backwards, .caseInsensitive]) {
            let word = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if !word.contains(" ") {
                review = try dueDate(word)
                if review == .nextSession { throw .usage("a review is a date: review +3m, review +6w or review YYYY-MM-DD") }
                outcome = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
        }
        guard !outcome.isEmpty else { throw .usage("/decided needs the decision in words: /decided Eastside, Northgate and Riverside review +6m") }
        return .decided(outcome, review: review)
    }

    /// `/decide`, `/decide consent`, `/decide dot-vote Eastside,Northgate,Riverside`.
    static func decide(_ text: String) throws(CoreError) -> Command {
        guard !text.isEmpty else { return .decide(method: nil, options: []) }
        let name = String(text.prefix { !$0.isWhitespace })
        guard let method = DecisionMethod(rawValue: name.lowercased()) else {
            throw .usage(
                "/decide takes a method: \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(shown(name))\")")
        }
        let rest = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let options = rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if method == .dotVote {
            guard (2...PulseSegments.maxOptions).contains(options.count) else {
                throw .usage("a dot vote needs 2 to \(PulseSegments.maxOptions) options: /decide dot-vote Eastside,Northgate,Riverside")
            }
            guard Set(options.map(Seat.key)).count == options.count, options.allSatisfy({ $0.count <= 60 && !PulseAnswer.hasControlCharacters($0) })
            else { throw .usage("the dot vote's options must differ from each other, at most 60 characters each") }
        } else if !options.isEmpty {
            throw .usage("only a dot vote takes options: /decide \(method.rawValue)")
        }
        return .decide(method: method, options: options)
    }

    /// `/stance LABEL LEVEL`: a seat's stance on the record (a quoted label may hold spaces).
    static func stance(_ text: String) throws(CoreError) -> Command {
        let words = try labels(text)
        guard words.count >= 2 else { throw .usage("/stance needs a seat and a level: /stance \"United Way\" 6 (or its name: block)") }
        // The level is the last word, or a level's name of several words after the label.
        return .stance(label: words[0], level: words.dropFirst().joined(separator: " "))
    }

    public static func segmentRequest(_ text: String) throws(CoreError) -> Command.SegmentRequest {
        if text.lowercased() == "category" { return .category }
        let quotes: [Character] = ["\"", "“", "”"]
        guard let first = text.first, quotes.contains(first), let close = text.dropFirst().firstIndex(where: { quotes.contains($0) }) else {
            throw .usage("--by takes category, or your own question in quotes and its options: --by \"Which group do you identify with?\" A,B,C")
        }
        let question = text[text.index(after: text.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        let options = text[text.index(after: close)...].split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        guard !question.isEmpty else { throw .usage("the segment question in quotes is empty") }
        // No options: the group's own segment question of that name, with the options it has.
        guard options.isEmpty || (2...PulseSegments.maxOptions).contains(options.count) else {
            throw .usage("a segment question needs 2 to \(PulseSegments.maxOptions) options after it, separated by commas: --by \"QUESTION\" A,B,C")
        }
        guard Set(options.map(Seat.key)).count == options.count else { throw .usage("the segment options must differ from each other") }
        if let bad = options.first(where: {
            Seat.key($0) == Seat.key(PulseSegments.preferNot) || $0.count > 60 || PulseAnswer.hasControlCharacters($0)
        }) {
            throw .usage("\"\(shown(bad))\" cannot be an option (\"prefer not to say\" is always offered; at most 60 characters)")
        }
        return .own(question: question, options: options)
    }

    static func pulse(_ text: String) throws(CoreError) -> Command.PulseRequest {
        if text.isEmpty { return .current }
        let quotes: [Character] = ["\"", "“", "”", "'"]
        guard let first = text.first, quotes.contains(first) else {
            guard !text.contains(" ") else {
                throw .usage("/pulse takes a question id, or your own question in quotes: /pulse \"How clear are our next steps?\" --scale 1-5")
            }
            return .library(id: text)
        }
        let afterOpen = text.dropFirst()
        guard let close = afterOpen.firstIndex(where: { quotes.contains($0) }) else {
            throw .usage("the question needs a closing quote: /pulse \"QUESTION\" --scale 1-5")
        }
        let question = afterOpen[..<close].trimmingCharacters(in: .whitespaces)
        guard !question.isEmpty else { throw .usage("the question in quotes is empty") }
        let options = afterOpen[afterOpen.index(after: close)...].split(separator: " ").map(String.init)
        switch options.first {
        case nil:
            return .adHoc(text: question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "", highLabel: ""))
        case "--scale":
            let range = options.count > 1 ? options[1] : "1-5"
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] < bounds[1], bounds[1] - bounds[0] <= 10, bounds[0] >= 0 else {
                throw .usage("--scale takes MIN-MAX with up to 11 points, like 1-5 or 0-10")
            }
            return .adHoc(text: question, answer: .scale, scale: .init(min: bounds[0], max: bounds[1], lowLabel: "", highLabel: ""))
        case "--traffic": return .adHoc(text: question, answer: .traffic, scale: nil)
        case "--words": return .adHoc(text: question, answer: .words, scale: nil)
        case "--text": return .adHoc(text: question, answer: .text, scale: nil)
        default:
            throw .usage("after the question: --scale MIN-MAX, --traffic, --words or --text (got \"\(shown(options[0]))\")")
        }
    }
}
