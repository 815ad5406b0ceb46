import Foundation

/// The summary of a session: what was planned, what happened, what was said. The same data renders
/// as Markdown (to share), JSON (for tools) and plain text.
public struct SessionSummary: Sendable {
    public struct Item: Codable, Sendable, Equatable {
        public var step: Int
        public var id: String
        public var title: String
        public var plannedMinutes: Int
        public var actualMinutes: Int
        public var skipped: Bool
        public var notes: [String]
    }

    public struct Document: Codable, Sendable, Equatable {
        public var id: Int64?
        public var group: String
        public var plan: String
        public var title: String
        public var status: String
        public var startedAt: Date?
        public var endedAt: Date?
        public var plannedMinutes: Int
        public var actualMinutes: Int
        public var agenda: [Item]
    }

    public var state: SessionState
    public var library: Library
    public var id: Int64?
    public var timeZone: TimeZone

    public init(state: SessionState, library: Library, id: Int64? = nil, timeZone: TimeZone = .current) {
        self.state = state
        self.library = library
        self.id = id
        self.timeZone = timeZone
    }

    public var document: Document {
        let now = state.endedAt ?? state.lastEventAt
        let items = state.agenda.enumerated().map { index, item in
            Item(
                step: index + 1, id: item.activityID, title: item.title, plannedMinutes: item.plannedMinutes,
                actualMinutes: Int((state.secondsSpent(on: item.key, now: now) / 60).rounded()),
                skipped: state.skipped.contains(item.key), notes: state.notes(for: item.key).map(\.text)
            )
        }
        return Document(
            id: id, group: state.group, plan: state.planName, title: state.title,
            status: state.isEnded ? "ended" : "open", startedAt: state.startedAt, endedAt: state.endedAt,
            plannedMinutes: state.plannedMinutes, actualMinutes: items.reduce(0) { $0 + $1.actualMinutes }, agenda: items
        )
    }

    func clock(_ date: Date?) -> String {
        guard let date else { return "—" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// Markdown for sharing. Table cells escape `|` and line breaks; all text is sanitized.
    public func markdown() -> String {
        let doc = document
        func cell(_ text: String) -> String {
            TerminalText.sanitize(text, singleLine: true).replacingOccurrences(of: "|", with: "\\|")
        }
        var out: [String] = []
        out.append("# \(TerminalText.sanitize(doc.title, singleLine: true))")
        out.append("")
        var facts = ["Group: \(TerminalText.sanitize(doc.group, singleLine: true))"]
        if let id = doc.id { facts.append("Session \(id)") }
        let end = doc.endedAt.map { clock($0) } ?? "still open"
        facts.append("\(clock(doc.startedAt)) to \(end)")
        facts.append("\(doc.actualMinutes) of \(doc.plannedMinutes) planned minutes")
        out.append(facts.joined(separator: " · "))
        out.append("")
        out.append("## Agenda")
        out.append("")
        out.append("| # | activity | planned | actual | |")
        out.append("|---|---|---:|---:|---|")
        for item in doc.agenda {
            out.append("| \(item.step) | \(cell(item.title)) | \(item.plannedMinutes) | \(item.actualMinutes) | \(item.skipped ? "skipped" : "") |")
        }
        out.append("")
        out.append("## Notes")
        let noted = doc.agenda.filter { !$0.notes.isEmpty }
        if noted.isEmpty {
            out.append("")
            out.append("No notes were taken.")
        }
        for item in noted {
            out.append("")
            out.append("### \(item.step). \(TerminalText.sanitize(item.title, singleLine: true))")
            out.append("")
            for note in item.notes { out.append("- \(TerminalText.sanitize(note, singleLine: true))") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Plain text for the terminal: the Markdown without its table syntax.
    public func text() -> String {
        let doc = document
        var out: [String] = []
        out.append("\(TerminalText.sanitize(doc.title, singleLine: true)) · \(TerminalText.sanitize(doc.group, singleLine: true))")
        out.append("\(clock(doc.startedAt)) to \(doc.endedAt.map { clock($0) } ?? "still open") · \(doc.actualMinutes) of \(doc.plannedMinutes) planned minutes")
        out.append("")
        for item in doc.agenda {
            let skipped = item.skipped ? "  (skipped)" : ""
            out.append(String(format: "%2d. ", item.step) + "\(TerminalText.sanitize(item.title, singleLine: true))  \(item.actualMinutes)/\(item.plannedMinutes) min\(skipped)")
            for note in item.notes { out.append("    - \(TerminalText.sanitize(note, singleLine: true))") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
