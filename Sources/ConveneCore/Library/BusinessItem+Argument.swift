/// `--item "TITLE: PURPOSE MINUTES [METHOD]"` on the command line and `/add-item` in the REPL, as
/// a facilitator types it.
extension BusinessItem {
    /// "FY27 reading grants: which three neighbourhoods: decide 30 gradients": the title is
    /// everything before the last colon, so a title may hold colons of its own. `what` names where
    /// it was typed, for the messages.
    public static func parse(argument: String, as what: String = "--item") throws(CoreError) -> BusinessItem {
        let shown = TerminalText.sanitize(argument, singleLine: true)
        let form = "write it as \"TITLE: PURPOSE MINUTES\", like \"Kindergarten readiness data: inform 15\" or \"FY27 grants: decide 30 gradients\""
        guard let colon = argument.lastIndex(of: ":") else { throw .usage("\(what) \"\(shown)\" has no \":\" before its purpose: \(form)") }
        let title = argument[..<colon].trimmingCharacters(in: .whitespaces)
        let words = argument[argument.index(after: colon)...].split(separator: " ").map(String.init)
        guard !title.isEmpty else { throw .usage("\(what) \"\(shown)\" has no title: \(form)") }
        if let problem = textProblem(title, field: "item") { throw .usage("\(what): \(problem)") }
        guard (2...3).contains(words.count) else { throw .usage("\(what) \"\(shown)\": \(form)") }
        guard let purpose = Purpose(rawValue: words[0].lowercased()) else {
            throw .usage(
                "\(what) \"\(shown)\": the purpose must be one of \(Purpose.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(TerminalText.sanitize(words[0], singleLine: true))\")"
            )
        }
        guard let minutes = Int(words[1]), minutesRange.contains(minutes) else {
            throw .usage(
                "\(what) \"\(shown)\": the minutes must be a whole number from \(minutesRange.lowerBound) to \(minutesRange.upperBound) (got \"\(TerminalText.sanitize(words[1], singleLine: true))\")"
            )
        }
        var method: DecisionMethod?
        if words.count == 3 {
            guard let named = DecisionMethod(rawValue: words[2].lowercased()) else {
                throw .usage(
                    "\(what) \"\(shown)\": the method must be one of \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(TerminalText.sanitize(words[2], singleLine: true))\")"
                )
            }
            guard purpose == .decide else { throw .usage("\(what) \"\(shown)\": a method is for a decide item, and this one is \(purpose.rawValue)") }
            method = named
        }
        return BusinessItem(title: title, purpose: purpose, minutes: minutes, method: method)
    }
}
