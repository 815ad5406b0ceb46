/// Counts by seat category (turns, commitments) beside each category's share of the seats present.
public struct CategoryShares: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var category: String
        public var count: Int
        /// This category's share of the counted things.
        public var share: Double
        /// Its share of the seats present, when the headcount was taken by category.
        public var presentShare: Double?
        public var present: Int?

        /// Share of the counted things over share of the seats: 1 is a fair share.
        public var ratio: Double? { presentShare.flatMap { $0 > 0 ? share / $0 : nil } }

        /// Below half its share of the seats present (exactly half counts), or present and silent.
        public var isGap: Bool {
            guard let presentShare, presentShare > 0 else { return false }
            return count == 0 || share <= presentShare / 2 + Self.tolerance
        }

        static let tolerance = 1e-9
    }

    public var rows: [Row]
    public var total: Int

    /// `counts` are (category, n) pairs in any order; categories present with no count get a row of 0.
    public init(counts: [(String, Int)], present: [CategoryCount]?, categories: [String]) {
        var byCategory: [String: Int] = [:]
        for (category, n) in counts { byCategory[category, default: 0] += n }
        let total = byCategory.values.reduce(0, +)
        self.total = total
        let seats = present?.reduce(0) { $0 + $1.count } ?? 0
        let named = categories + [Seat.unseated]
        let seated = Set((present ?? []).filter { $0.count > 0 }.map(\.category))
        let all =
            named.filter { byCategory[$0] != nil || seated.contains($0) }
            + Set(byCategory.keys).union(seated).subtracting(named).sorted()
        rows = all.map { category in
            let n = byCategory[category] ?? 0
            let here = present?.first { $0.category == category }?.count
            return Row(
                category: category, count: n, share: total > 0 ? Double(n) / Double(total) : 0,
                presentShare: present == nil ? nil : seats > 0 ? Double(here ?? 0) / Double(seats) : nil, present: present == nil ? nil : here ?? 0)
        }
    }

    /// Speaking turns by the category of each label's seat ("unseated" for a label without one).
    public init(turns: [(label: String, turns: Int)], roster: [Seat], present: [CategoryCount]?, categories: [String]) {
        self.init(counts: turns.map { (roster.category(of: $0.label), $0.turns) }, present: present, categories: categories)
    }

    /// Commitments (one per owner named) by the category of the owner's seat.
    public init(owners: [String], roster: [Seat], present: [CategoryCount]?, categories: [String]) {
        self.init(counts: owners.map { (roster.category(of: $0), 1) }, present: present, categories: categories)
    }

    /// The counts alone, category by category.
    public var counts: [CategoryCount] { rows.map { CategoryCount(category: $0.category, count: $0.count) } }

    /// Adds windows together (several sessions): counts and seats present are summed.
    public static func combined(_ windows: [(counts: [(String, Int)], present: [CategoryCount])], categories: [String]) -> CategoryShares {
        var present: [String: Int] = [:]
        for window in windows { for c in window.present { present[c.category, default: 0] += c.count } }
        let order = categories + present.keys.filter { !categories.contains($0) }.sorted()
        return CategoryShares(
            counts: windows.flatMap(\.counts), present: order.compactMap { c in present[c].map { CategoryCount(category: c, count: $0) } },
            categories: categories)
    }
}
