import Foundation

/// The tests behind the signals and the scorecard's trends: each returns a p-value, the chance of
/// data at least this far from the null hypothesis if nothing but chance were at work.
public enum SignificanceTest {
    /// The level below which a finding is evidence (a false alarm at most 1 time in 20 on noise),
    /// and the stronger level an act needs.
    public static let alpha = 0.05, strongAlpha = 0.01
    /// The level for each of the last 3 when a signal needs 2 of them: 3α² − 2α³ stays under 0.05.
    public static let twoOfThreeAlpha = 0.13

    /// Welch's t-test, one-sided: is the mean of `higher` above the mean of `lower`? Unequal
    /// variances are allowed (sessions differ in size and spread). Nil with fewer than 2 of either.
    public static func welch(higher: [Double], lower: [Double]) -> Double? {
        guard higher.count >= 2, lower.count >= 2, let m1 = Statistics(higher).mean, let m2 = Statistics(lower).mean,
            let s1 = Statistics(higher).standardDeviation, let s2 = Statistics(lower).standardDeviation
        else { return nil }
        let v1 = s1 * s1 / Double(higher.count)
        let v2 = s2 * s2 / Double(lower.count)
        let se = (v1 + v2).squareRoot()
        // Both samples without spread: the difference is all there is.
        guard se > 0 else { return m1 > m2 ? 0 : 1 }
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(higher.count - 1) + v2 * v2 / Double(lower.count - 1))
        return Probability.studentTUpper((m1 - m2) / se, df: df)
    }

    /// One-sample t-test, one-sided: is the mean of `values` below `bound`?
    public static func meanBelow(_ values: [Double], _ bound: Double) -> Double? {
        guard values.count >= 2, let mean = Statistics(values).mean, let sd = Statistics(values).standardDeviation else { return nil }
        let se = sd / Double(values.count).squareRoot()
        guard se > 0 else { return mean < bound ? 0 : 1 }
        return Probability.studentTUpper((bound - mean) / se, df: Double(values.count - 1))
    }

    /// Chi-square test of a variance, one-sided: is the spread of `values` above `sd`? Bounded
    /// scales have light tails, which makes this test err on the side of silence.
    public static func spreadAbove(_ values: [Double], _ sd: Double) -> Double? {
        guard values.count >= 2, let s = Statistics(values).standardDeviation, sd > 0 else { return nil }
        let df = Double(values.count - 1)
        return Probability.chiSquareUpper(df * s * s / (sd * sd), df: df)
    }

    /// Exact binomial test, one-sided: are `k` successes of `n` more than a rate of `p` gives?
    public static func binomialAbove(_ k: Int, of n: Int, rate p: Double) -> Double { Probability.binomialUpper(k, n: n, p: p) }

    /// Exact binomial test, one-sided: are `k` successes of `n` fewer than a rate of `p` gives?
    public static func binomialBelow(_ k: Int, of n: Int, rate p: Double) -> Double { Probability.binomialLower(k, n: n, p: p) }

    /// Exact binomial test, two-sided (probabilities no larger than the observed one's, summed).
    public static func binomialTwoSided(_ k: Int, of n: Int, rate p: Double) -> Double {
        guard n > 0 else { return 1 }
        let observed = exp(Probability.logChoose(n, k) + Double(k) * log(p) + Double(n - k) * log(1 - p))
        var sum = 0.0
        for i in 0...n {
            let q = exp(Probability.logChoose(n, i) + Double(i) * log(p) + Double(n - i) * log(1 - p))
            if q <= observed * (1 + 1e-7) { sum += q }
        }
        return min(1, sum)
    }

    /// Conditional test of two counts (events in two windows of equal length): given their sum, the
    /// later one is binomial with rate one half when nothing changed. Two-sided.
    public static func countsDiffer(_ later: Int, _ earlier: Int) -> Double {
        binomialTwoSided(later, of: later + earlier, rate: 0.5)
    }

    /// Fisher's exact test, two-sided, of the 2×2 table [[a, b], [c, d]]: do the shares a/(a+b) and
    /// c/(c+d) differ by more than chance?
    public static func fisher(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let total = a + b + c + d
        let marked = a + c
        let draws = a + b
        guard total > 0 else { return 1 }
        let observed = Probability.hypergeometric(a, total: total, marked: marked, draws: draws)
        var sum = 0.0
        for k in max(0, draws - (total - marked))...min(marked, draws) {
            let q = Probability.hypergeometric(k, total: total, marked: marked, draws: draws)
            if q <= observed * (1 + 1e-7) { sum += q }
        }
        return min(1, sum)
    }

    /// The least n at which the most extreme outcome of a one-sided binomial test at rate `p` can
    /// reach `level`: below it the test cannot tell, whatever the data say.
    public static func binomialMinimum(rate p: Double, level: Double = alpha, below: Bool = true) -> Int {
        let q = below ? 1 - p : p
        guard q > 0, q < 1 else { return 1 }
        return Int((log(level) / log(q)).rounded(.up))
    }
}
