/// Exact descriptive statistics: mean, median, sample standard deviation (n − 1, as Python's
/// statistics.stdev), least-squares slope, and the Gini coefficient.
public struct Statistics: Sendable {
    public let values: [Double]

    public init(_ values: [Double]) {
        self.values = values
    }

    public var mean: Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    public var median: Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public var standardDeviation: Double? {
        guard values.count > 1, let mean else { return values.count == 1 ? 0 : nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Gini coefficient of non-negative amounts (0 = all equal, towards 1 = one has everything).
    public var gini: Double? {
        guard !values.isEmpty else { return nil }
        let total = values.reduce(0, +)
        guard total > 0 else { return 0 }
        let sorted = values.sorted()
        let n = Double(sorted.count)
        var weighted = 0.0
        for (index, value) in sorted.enumerated() { weighted += Double(index + 1) * value }
        return (2 * weighted) / (n * total) - (n + 1) / n
    }

    /// Least-squares slope of the values against 0, 1, 2, … (per step).
    public var slope: Double? {
        guard values.count > 1 else { return nil }
        let n = Double(values.count)
        let xs = values.indices.map(Double.init)
        let meanX = xs.reduce(0, +) / n
        let meanY = values.reduce(0, +) / n
        var numerator = 0.0
        var denominator = 0.0
        for (x, y) in zip(xs, values) {
            numerator += (x - meanX) * (y - meanY)
            denominator += (x - meanX) * (x - meanX)
        }
        return numerator / denominator
    }
}
