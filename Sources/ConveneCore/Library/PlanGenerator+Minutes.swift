extension PlanGenerator {
    /// Minutes per flexible slot, from each one's typical time: trimmed toward the minimum when the
    /// plan runs over, stretched only a little (at most `stretchShare` of the total, spread thinly)
    /// when it runs short. Nil when the total cannot land within ±10%.
    static func fit(_ ranges: [Activity.Minutes], fixed: Int, to target: Int) -> [Int]? {
        var given = ranges.map(\.typical)
        func total() -> Int { given.reduce(0, +) + fixed }
        while total() > target {
            // The most slack first; ties to the later item, so the opening keeps its time.
            guard
                let index = given.indices.filter({ given[$0] > ranges[$0].min })
                    .max(by: { (given[$0] - ranges[$0].min, $0) < (given[$1] - ranges[$1].min, $1) })
            else { break }
            given[index] -= 1
        }
        var stretched = 0
        while total() < target, Double(stretched + 1) <= stretchShare * Double(total() + 1) {
            // The least stretched item with room left, so no one card runs to its maximum.
            guard
                let index = given.indices.filter({ given[$0] < ranges[$0].max })
                    .min(by: { (given[$0] - ranges[$0].typical, $0) < (given[$1] - ranges[$1].typical, $1) })
            else { break }
            given[index] += 1
            stretched += 1
        }
        let result = total()
        return Double(result) >= Double(target) * 0.9 && Double(result) <= Double(target) * 1.1 ? given : nil
    }
}
