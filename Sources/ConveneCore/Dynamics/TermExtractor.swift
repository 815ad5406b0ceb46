/// Turns anonymous comments into comparable terms: lowercase words and two-word phrases, stop words
/// removed, simple plurals folded ("partners" → "partner").
public enum TermExtractor {
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "don", "done",
        "down", "during", "each", "even", "every", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know", "less", "let",
        "like", "lot", "made", "make", "many", "me", "more", "most", "much", "must", "my", "need", "no", "nor", "not", "now", "of",
        "off", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "really", "said", "same", "say", "she",
        "should", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing",
        "things", "think", "this", "those", "through", "time", "to", "too", "under", "until", "up", "us", "very", "was", "way", "we",
        "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yet", "you", "your",
        "today", "meeting", "group", "feel", "felt", "want", "going", "again", "always", "never", "since", "keep", "keeps",
    ]

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
