import Foundation

/// Finds an existing group whose name is close to a new one, so a typo ("Early Litercy Coalition")
/// does not silently start a second group without the first one's agreements, conflicts and
/// commitments. Close means: the same once case, accents and spacing are folded, or at most two
/// letters apart (Levenshtein distance on the folded names).
public enum GroupNameMatch {
    public static let maxDistance = 2

    /// Lowercase, without diacritics, with runs of spaces made one: "Coalición  de Lectura" →
    /// "coalicion de lectura".
    public static func folded(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The closest existing name to `name`, nearest first by distance then alphabetically; nil when
    /// none is close. A name already in `names` (case aside) is not a near-duplicate of itself.
    public static func nearest(to name: String, among names: [String]) -> String? {
        let wanted = folded(name)
        guard !names.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        let scored = names.compactMap { existing -> (name: String, distance: Int)? in
            let candidate = folded(existing)
            // Very short names ("A", "Ops") are two letters from almost anything: only a fold matches them.
            let limit = min(maxDistance, min(wanted.count, candidate.count) / 3)
            let distance = distance(wanted, candidate, limit: maxDistance)
            return distance <= limit || distance == 0 ? (existing, distance) : nil
        }
        return scored.min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
    }

    /// Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then).
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard abs(a.count - b.count) <= limit else { return limit + 1 }
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = current[0]
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, current[j])
            }
            if best > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
