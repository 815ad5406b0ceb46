extension Plan {
    /// The plan as YAML, in the format of `sessions/*.yaml`.
    public func yaml() -> String {
        func quoted(_ text: String) -> String { YAMLScalar.quoted(text) }
        var lines = ["title: \(quoted(title))", "minutes: \(minutes)"]
        if !focus.isEmpty { lines.append("focus: [\(focus.map(\.rawValue).joined(separator: ", "))]") }
        if let size { lines.append("size: \(size)") }
        if !languages.isEmpty { lines.append("languages: [\(languages.joined(separator: ", "))]") }
        if let notes { lines.append("notes: \(quoted(notes))") }
        lines.append("agenda:")
        for item in agenda {
            if let business = item.business {
                var fields = ["item: \(quoted(business.title))", "purpose: \(business.purpose.rawValue)", "minutes: \(business.minutes)"]
                if let lead = business.lead { fields.append("lead: \(quoted(lead))") }
                if let method = business.method { fields.append("method: \(method.rawValue)") }
                lines.append("  - {\(fields.joined(separator: ", "))}")
                continue
            }
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
