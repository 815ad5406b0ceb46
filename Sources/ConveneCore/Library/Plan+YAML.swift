extension Plan {
    /// The plan as YAML, in the format of `sessions/*.yaml`.
    public func yaml() -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["title: \(quoted(title))", "minutes: \(minutes)"]
        if !focus.isEmpty { lines.append("focus: [\(focus.map(\.rawValue).joined(separator: ", "))]") }
        if let notes { lines.append("notes: \(quoted(notes))") }
        lines.append("agenda:")
        for item in agenda {
            switch (item.isPulse, item.minutes) {
            case (true, nil): lines.append("  - pulse: \(item.id)")
            case (true, let minutes?): lines.append("  - {pulse: \(item.id), minutes: \(minutes)}")
            case (false, nil): lines.append("  - \(item.id)")
            case (false, let minutes?): lines.append("  - {activity: \(item.id), minutes: \(minutes)}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
