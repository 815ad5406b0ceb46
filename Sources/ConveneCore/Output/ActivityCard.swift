/// Renders a library card as lines for the terminal. Library text is sanitized: a library folder
/// may come from anyone.
public enum ActivityCard {
    public static func lines(_ activity: Activity, full: Bool) -> [OutputLine] {
        func clean(_ text: String) -> String { TerminalText.sanitize(text) }
        var lines: [OutputLine] = []
        if full { lines.append(.heading("\(clean(activity.title)) (\(activity.id))")) }
        if let pulse = activity.pulse {
            lines.append(.dim("pulse · \(pulse.answer.rawValue) · measures \(pulse.measures.rawValue)\(pulse.reverse ? " (reverse-worded)" : "")"))
            lines.append(OutputLine("“\(clean(pulse.question))”", .emphasis))
            if let scale = pulse.scale {
                lines.append(.dim("\(scale.min) = \(clean(scale.lowLabel)) … \(scale.max) = \(clean(scale.highLabel))"))
            }
        } else {
            let m = activity.minutes
            let phase = activity.phase.map { " · \($0.rawValue)" } ?? ""
            lines.append(
                .dim(
                    "\(activity.kind.label)\(phase) · typically \(m.typical) min (\(m.min)–\(m.max)) · \(activity.group.min)–\(activity.group.max) people · \(activity.intensity.rawValue) intensity · \(activity.values.map(\.rawValue).joined(separator: ", "))"
                ))
            if let seconds = activity.perPerson {
                // The minutes above are for the smallest group; say what a full room costs.
                lines.append(
                    .dim(
                        "a round: \(seconds) s for each person beyond \(activity.group.min), so \(activity.minutes(for: activity.group.max).typical) min for \(activity.group.max) people"
                    ))
            }
            if !activity.materials.isEmpty {
                lines.append(.dim("materials: \(activity.materials.map(clean).joined(separator: ", "))"))
            }
        }
        let shown = full ? activity.sections.map(\.heading) : ["Purpose", "Steps", "Say", "Debrief", "Watch for"]
        for heading in shown {
            guard let body = activity.section(heading), !body.isEmpty else { continue }
            lines.append(.blank())
            lines.append(OutputLine(heading, .emphasis))
            for paragraph in reflow(body) {
                lines.append(OutputLine("  " + clean(paragraph)))
            }
        }
        if full {
            var facts: [String] = []
            if !activity.addresses.isEmpty { facts.append("helps with: \(activity.addresses.map(\.rawValue).joined(separator: ", "))") }
            if let follow = activity.followWith { facts.append("follow with: /pulse \(follow)") }
            if !facts.isEmpty {
                lines.append(.blank())
                lines.append(.dim(facts.joined(separator: " · ")))
            }
        }
        return lines
    }

    /// Joins hard-wrapped Markdown lines into paragraphs and list items, so the terminal can wrap
    /// them to its own width.
    public static func reflow(_ body: String) -> [String] {
        var paragraphs: [String] = []
        var current: String?
        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if let paragraph = current { paragraphs.append(paragraph) }
                current = nil
                if paragraphs.last != "" { paragraphs.append("") }
                continue
            }
            if TerminalText.listMarker(Substring(line)) != nil {
                if let paragraph = current { paragraphs.append(paragraph) }
                current = line
            } else if let paragraph = current {
                current = paragraph + " " + line
            } else {
                current = line
            }
        }
        if let paragraph = current { paragraphs.append(paragraph) }
        while paragraphs.last == "" { paragraphs.removeLast() }
        return paragraphs
    }
}
