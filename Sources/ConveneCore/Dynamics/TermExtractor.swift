/// Turns anonymous comments into comparable terms: lowercase words and two-word phrases, stop words
/// removed, simple plurals folded ("partners" → "partner").
public enum TermExtractor {
    /// Filler words in English and Spanish, and words every comment about a meeting uses.
    static let stopWords: Set<String> = FillerWords.all.union([
        "ours", "time", "today", "meeting", "group", "feel", "felt", "want", "going", "always", "never", "since", "keep", "keeps",
    ])

    public static func normalize(_ word: Substring) -> String? {
        var word = word.lowercased()
        guard word.count >= 3, !stopWords.contains(word), !word.allSatisfy(\.isNumber) else { return nil }
        if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") { word.removeLast() }
        return stopWords.contains(word) ? nil : word
    }

    /// Words and adjacent two-word phrases of one comment.
    public static func terms(_ text: String) -> [String] {
        let tokens = text.split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { $0.replacingOccurrences(of: "'", with: "") }
        var terms: [String] = []
        var previous: String?
        for token in tokens {
            guard let word = normalize(Substring(token)) else {
                previous = nil
                continue
            }
            terms.append(word)
            if let previous { terms.append(previous + " " + word) }
            previous = word
        }
        return terms
    }
}
