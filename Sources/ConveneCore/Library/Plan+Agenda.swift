/// A plan as a person reads it: numbered steps with their titles and minutes, the group's items in
/// words (`convene plan`, `/generate`). The YAML (`Plan.yaml()`) is the file a session runs.
extension Plan {
    public struct AgendaEntry: Sendable, Equatable {
        public var title: String
        public var minutes: Int
    }

    /// Each step's title and minutes, as the session will time them for `size` people.
    public func agendaEntries(library: Library, size: Int? = nil) -> [AgendaEntry] {
        agenda.map { item in
            let title =
                item.business?.label
                ?? (library[item.id].map { TerminalText.sanitize($0.title, singleLine: true) + (item.isPulse ? " (pulse)" : "") } ?? item.id)
            return AgendaEntry(title: title, minutes: library.minutes(of: item, size: size ?? self.size))
        }
    }

    public func agendaLines(library: Library, size: Int? = nil) -> [OutputLine] {
        let entries = agendaEntries(library: library, size: size)
        var lines: [OutputLine] = [
            .heading(TerminalText.sanitize(title, singleLine: true)),
            .dim("\(entries.count) steps, \(library.plannedMinutes(self, size: size ?? self.size)) min planned"),
        ]
        lines += entries.enumerated().map { index, entry in OutputLine("  \(index + 1). \(entry.title) · \(entry.minutes) min", hang: 5) }
        if let notes { lines.append(.dim(TerminalText.sanitize(notes, singleLine: true))) }
        return lines
    }

    public func agendaMarkdown(library: Library, size: Int? = nil) -> String {
        let entries = agendaEntries(library: library, size: size)
        var lines = [
            "# \(TerminalText.sanitize(title, singleLine: true))", "",
            "\(entries.count) steps, \(library.plannedMinutes(self, size: size ?? self.size)) min planned", "",
        ]
        lines += entries.enumerated().map { index, entry in "\(index + 1). \(entry.title) · \(entry.minutes) min" }
        if let notes { lines += ["", TerminalText.sanitize(notes, singleLine: true)] }
        return lines.joined(separator: "\n") + "\n"
    }
}
