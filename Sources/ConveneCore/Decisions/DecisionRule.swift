/// When a room's stance accepts a proposal: set once by the group (`convene groups set NAME
/// --decision-rule "gradients>=6 from 75%, no block"`), or the method's default from DESIGN.md.
public struct DecisionRule: Codable, Sendable, Equatable {
    public var method: DecisionMethod
    /// The support level that counts as support (gradients and fist-to-five).
    public var atLeast: Int?
    /// The share, in percent, that must be at `atLeast` or above.
    public var share: Int?
    /// Whether a single block (or fist) stops it.
    public var noBlock: Bool

    public init(method: DecisionMethod, atLeast: Int? = nil, share: Int? = nil, noBlock: Bool) {
        self.method = method
        self.atLeast = atLeast
        self.share = share
        self.noBlock = noBlock
    }

    /// DESIGN.md's defaults: gradients, no block and 75% at "support with reservations" or above;
    /// fist-to-five, no fist and most at 3 or above; consent, no block; majority, more yes than no.
    public static func standard(_ method: DecisionMethod) -> DecisionRule {
        switch method {
        case .gradients: DecisionRule(method: .gradients, atLeast: 6, share: 75, noBlock: true)
        case .fistToFive: DecisionRule(method: .fistToFive, atLeast: 3, share: 51, noBlock: true)
        case .consent: DecisionRule(method: .consent, noBlock: true)
        case .majority: DecisionRule(method: .majority, noBlock: false)
        case .dotVote: DecisionRule(method: .dotVote, noBlock: false)
        }
    }

    static let usage =
        "a decision rule is consent, majority, \"gradients>=6 from 75%, no block\" or \"fist-to-five>=3 from 51%, no fist\" (levels: gradients 8 wholehearted … 1 block, fist-to-five 5 … 0)"

    /// Reads "consent", "majority", "gradients>=6 from 75%, no block", "fist-to-five>=3 from 51%, no fist".
    public static func parse(_ text: String) throws(CoreError) -> DecisionRule {
        let parts = text.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let head = parts.first, !head.isEmpty else { throw .usage(usage) }
        let tail = parts.dropFirst()
        guard tail.allSatisfy({ $0 == "no block" || $0 == "no fist" }) else { throw .usage(usage) }
        let noBlock = !tail.isEmpty
        if let method = DecisionMethod(rawValue: head) {
            guard method != .dotVote else { throw .usage("a dot vote ranks options; it cannot be the group's decision rule: " + usage) }
            var rule = standard(method)
            if !tail.isEmpty { rule.noBlock = true }
            return rule
        }
        // "gradients>=6 from 75%"
        guard let ge = head.range(of: ">="), let method = DecisionMethod(rawValue: head[..<ge.lowerBound].trimmingCharacters(in: .whitespaces)),
            method == .gradients || method == .fistToFive
        else { throw .usage(usage) }
        let rest = head[ge.upperBound...].split(separator: " ").map(String.init)
        guard rest.count == 3, rest[1] == "from", let level = Int(rest[0]), rest[2].hasSuffix("%"), let share = Int(rest[2].dropLast()),
            (1...100).contains(share)
        else { throw .usage(usage) }
        let range = method == .gradients ? 1...8 : 0...5
        guard range.contains(level) else { throw .usage("the level in \(head) must be from \(range.lowerBound) to \(range.upperBound): " + usage) }
        return DecisionRule(method: method, atLeast: level, share: share, noBlock: noBlock)
    }

    /// The rule as the group wrote it (and as `parse` reads it back).
    public var text: String {
        var text = method.rawValue
        if let atLeast, let share { text += ">=\(atLeast) from \(share)%" }
        if noBlock, atLeast != nil { text += method == .fistToFive ? ", no fist" : ", no block" }
        return text
    }

    /// The rule in words, for the record.
    public var description: String {
        let stance = Stance(proposal: 0, method: method)
        switch method {
        case .gradients, .fistToFive:
            let level = atLeast.flatMap { stance.level($0)?.name } ?? "\(atLeast ?? 0)"
            return "\(share ?? 0)% at \(level) or above" + (noBlock ? (method == .fistToFive ? ", no fist" : ", no block") : "")
        case .consent: return "no block"
        case .majority: return "more yes than no"
        case .dotVote: return "options ranked by dots"
        }
    }

    /// The verdict on a stance's counts per value (all of them, shown only when the pulse is).
    public func verdict(_ counts: [Int: Int], stance: Stance) -> Verdict {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return Verdict(accepted: nil, text: "no stance was taken") }
        let blocks = stance.block.map { counts[$0] ?? 0 } ?? 0
        switch method {
        case .gradients, .fistToFive:
            let level = atLeast ?? 0
            let supporting = counts.filter { $0.key >= level }.values.reduce(0, +)
            let percent = Double(supporting) / Double(total) * 100
            let levelName = stance.level(level)?.name ?? "\(level)"
            var text = "\(supporting) of \(total) (\(Int(percent.rounded()))%) at \(levelName) or above"
            if noBlock { text += blocks == 0 ? ", no block" : ", \(blocks) \(blocks == 1 ? "block" : "blocks")" }
            let accepted = percent + 1e-9 >= Double(share ?? 0) && (!noBlock || blocks == 0)
            return Verdict(accepted: accepted, text: text)
        case .consent:
            return Verdict(accepted: blocks == 0, text: blocks == 0 ? "no block" : "\(blocks) \(blocks == 1 ? "block" : "blocks")")
        case .majority:
            let yes = counts[3] ?? 0
            let no = counts[1] ?? 0
            let abstain = counts[2] ?? 0
            return Verdict(accepted: yes > no, text: "\(yes) yes, \(no) no, \(abstain) abstaining")
        case .dotVote:
            let ranked = stance.levels.map { ($0.name, counts[$0.value] ?? 0) }.sorted { $0.1 > $1.1 }
            return Verdict(
                accepted: nil, text: "ranked: " + ranked.map { "\(TerminalText.sanitize($0.0, singleLine: true)) \($0.1)" }.joined(separator: ", "))
        }
    }

    public struct Verdict: Codable, Sendable, Equatable {
        /// nil: the method ranks rather than decides, or nothing was taken.
        public var accepted: Bool?
        public var text: String
    }
}
