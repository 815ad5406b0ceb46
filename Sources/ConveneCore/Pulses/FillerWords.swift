import Foundation

/// Words that carry no meaning of their own in English or Spanish ("but", "and", "the", "y",
/// "pero"): word pulses leave them out of their counts and comment terms leave them out of the
/// recurring-concern signal. Answers are stored as given; only what is counted changes.
public enum FillerWords {
    static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "don", "done",
        "down", "during", "each", "even", "every", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know", "less", "let",
        "like", "lot", "made", "make", "many", "me", "more", "most", "much", "must", "my", "need", "no", "nor", "not", "now", "of",
        "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "really", "said", "same", "say", "she",
        "should", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing",
        "things", "think", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "way", "we",
        "well", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "yet", "you", "your",
        "um", "uh", "er", "hmm", "ok", "okay", "yeah", "yes", "maybe", "kind", "sort", "kinda", "sorta",
    ]

    static let spanish: Set<String> = [
        "a", "al", "algo", "ante", "así", "bien", "bueno", "cada", "como", "con", "cual", "cuando", "de", "del", "desde", "donde", "e",
        "el", "él", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "ese", "eso", "esta", "está", "este", "esto", "estos",
        "fue", "ha", "hay", "la", "las", "le", "les", "lo", "los", "más", "me", "mi", "mis", "muy", "nada", "ni", "no", "nos", "nosotros",
        "o", "os", "otra", "otro", "para", "pero", "poco", "por", "porque", "pues", "que", "qué", "se", "sea", "ser", "si", "sí", "sin",
        "sobre", "son", "su", "sus", "también", "tan", "te", "ti", "todo", "tu", "tú", "un", "una", "uno", "unos", "unas", "y", "ya",
        "yo", "eh", "vale",
    ]

    static let all = english.union(spanish)

    /// True for a filler word, whatever its case and the punctuation around it ("But," counts as "but").
    public static func contains(_ word: some StringProtocol) -> Bool {
        let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
        return bare.isEmpty || all.contains(bare)
    }
}
