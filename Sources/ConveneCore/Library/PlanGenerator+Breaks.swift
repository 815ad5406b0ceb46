extension PlanGenerator {
    /// Where `count` breaks go among stretches of `minutes` (a break only between two of them):
    /// each stretch at most `limit`, the stretches as even as they can be.
    /// Returns the indices a break goes before, or nil when no placement keeps every stretch short.
    static func breakPositions(_ minutes: [Int], count: Int, limit: Int = maxStretch) -> [Int]? {
        guard count > 0 else { return minutes.reduce(0, +) <= limit ? [] : nil }
        let n = minutes.count
        guard n > count else { return nil }
        var prefix = [0]
        for m in minutes { prefix.append(prefix[prefix.count - 1] + m) }
        // cost[b][i]: least sum of squared stretches covering units 0..<i with b breaks, the last before i.
        let none = Int.max
        var cost = Array(repeating: Array(repeating: none, count: n + 1), count: count + 1)
        var from = Array(repeating: Array(repeating: 0, count: n + 1), count: count + 1)
        for i in 1...n where prefix[i] <= limit { cost[0][i] = prefix[i] * prefix[i] }
        for b in 1...count {
            for i in 1...n {
                for j in 1..<i where cost[b - 1][j] != none {
                    let stretch = prefix[i] - prefix[j]
                    guard stretch <= limit else { continue }
                    let total = cost[b - 1][j] + stretch * stretch
                    if total < cost[b][i] { (cost[b][i], from[b][i]) = (total, j) }
                }
            }
        }
        guard cost[count][n] != none else { return nil }
        var positions: [Int] = []
        var i = n
        for b in stride(from: count, to: 0, by: -1) {
            i = from[b][i]
            positions.append(i)
        }
        return positions.reversed()
    }
}
