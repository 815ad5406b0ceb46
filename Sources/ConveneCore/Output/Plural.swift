/// A count and its noun in agreement ("1 answer", "2 answers"), for every surface a person reads:
/// the REPL, summaries, signals and reports.
public enum Plural {
    /// `plural` defaults to the singular with an "s" ("session" → "sessions"); irregular nouns pass
    /// theirs ("person", "people").
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(noun(n, singular, plural))"
    }

    /// The noun alone, for a count written elsewhere in the sentence ("3 of 4 commitments").
    public static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : plural ?? singular + "s"
    }
}
