import Foundation

/// The distributions the signals' tests need, computed here rather than from a package: the
/// regularized incomplete beta and gamma functions, and from them Student's t, chi-square and
/// binomial tails, and the hypergeometric probabilities of Fisher's exact test.
public enum Probability {
    /// log Γ(x) for x > 0.
    static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// log of the binomial coefficient C(n, k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        logGamma(Double(n) + 1) - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1)
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz's
    /// method), on the side where it converges quickly.
    public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log(1 - x))
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...400 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }

    /// The regularized lower incomplete gamma function P(a, x).
    public static func incompleteGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let front = exp(-x + a * log(x) - logGamma(a))
        if x < a + 1 {
            // The series converges quickly below a + 1.
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<1000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, front * sum)
        }
        // Above it, the continued fraction for Q = 1 − P.
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...1000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return max(0, 1 - front * h)
    }

    /// P(T > t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is).
    public static func studentTUpper(_ t: Double, df: Double) -> Double {
        guard t.isFinite else { return t > 0 ? 0 : 1 }
        let tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
        return t > 0 ? tail : 1 - tail
    }

    /// P(X² > x) for chi-square with `df` degrees of freedom.
    public static func chiSquareUpper(_ x: Double, df: Double) -> Double {
        guard x > 0 else { return 1 }
        return 1 - incompleteGamma(df / 2, x / 2)
    }

    /// P(X ≥ k) for X ~ Binomial(n, p).
    public static func binomialUpper(_ k: Int, n: Int, p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        return incompleteBeta(p, Double(k), Double(n - k + 1))
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func binomialLower(_ k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return 1 - binomialUpper(k + 1, n: n, p: p)
    }

    /// P(X = k) for the hypergeometric draw of `draws` from `total` holding `marked` marked items.
    public static func hypergeometric(_ k: Int, total: Int, marked: Int, draws: Int) -> Double {
        guard k >= max(0, draws - (total - marked)), k <= min(marked, draws) else { return 0 }
        return exp(logChoose(marked, k) + logChoose(total - marked, draws - k) - logChoose(total, draws))
    }
}
