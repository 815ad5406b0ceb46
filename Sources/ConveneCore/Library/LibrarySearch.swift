/// Ranks library items by how well they match a few words: title counts most, then purpose, then body.
public struct LibrarySearch: Sendable {
    public struct Hit: Sendable {
        public var activity: Activity
        public var score: Int
    }

    public var library: Library

    public init(library: Library) {
        self.library = library
    }

    public func search(_ query: String) -> [Hit] {
        let terms = Self.words(query)
        guard !terms.isEmpty else { return [] }
        var hits: [Hit] = []
        for activity in library.activities.values {
            let title = Self.words(activity.title + " " + activity.id.replacingOccurrences(of: "-", with: " "))
            let purpose = Self.words(activity.section("Purpose") ?? activity.pulse?.question ?? "")
            let body = Self.words(
                activity.sections.map(\.body).joined(separator: " ") + " " + activity.kind.rawValue + " "
                    + activity.values.map(\.rawValue).joined(separator: " ") + " " + activity.addresses.map(\.rawValue).joined(separator: " "))
            var score = 0
            var matched = 0
            for term in terms {
                let inTitle = title.filter { $0.hasPrefix(term) }.count
                let inPurpose = purpose.filter { $0.hasPrefix(term) }.count
                let inBody = body.filter { $0.hasPrefix(term) }.count
                if inTitle + inPurpose + inBody > 0 { matched += 1 }
                score += inTitle * 10 + min(inPurpose, 3) * 3 + min(inBody, 5)
            }
            // Every word must match somewhere; more matched words rank higher.
            if matched == terms.count { hits.append(Hit(activity: activity, score: score)) }
        }
        return hits.sorted { ($0.score, $1.activity.id) > ($1.score, $0.activity.id) }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
