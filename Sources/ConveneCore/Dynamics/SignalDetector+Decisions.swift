import Foundation

/// The signals about how the group decides: who was not in the room, items that keep coming back,
/// and support that is only just enough. They read the decisions log; support counts only where
/// the stance round could be shown.
extension SignalDetector {
    static let decisionWindow = 3, revisitWindow = 6

    /// decided-without: a decision taken, in the last 3 sessions, while a category the quorum names
    /// was short, or present but without a single turn in the session. Act when the quorum was
    /// short; watch when a present category took no turn.
    func decidedWithout(_ history: GroupHistory) -> Signal? {
        let recent = Set(history.sessions.suffix(Self.decisionWindow).map(\.id))
        var evidence: [String] = []
        var severity = Signal.Severity.watch
        for entry in history.decisions where recent.contains(entry.session) && entry.decision.status == .decided {
            let d = entry.decision
            let number = history.number(of: entry.session) ?? 0
            if let missing = d.quorumMissing, !missing.isEmpty {
                severity = .act
                evidence.append(
                    "Decision \(d.number) (session \(number)): decided with no \(missing.joined(separator: ", ")) seat present, which the quorum asks for."
                )
                continue
            }
            // Present by category but silent in the session: decided about, not with.
            guard let session = history.sessions.first(where: { $0.id == entry.session }), let present = d.presentByCategory,
                !history.roster.isEmpty, !session.airtime.isEmpty
            else { continue }
            // Turns count under the category each seat had in that session.
            let shares = CategoryShares(
                counts: session.airtime.map { (history.category(of: $0.label, in: session), $0.turns) }, present: present,
                categories: history.categories)
            let silent = present.filter { p in p.count > 0 && (shares.rows.first { $0.category == p.category }?.count ?? 0) == 0 }.map(\.category)
            if !silent.isEmpty {
                evidence.append(
                    "Decision \(d.number) (session \(number)): \(silent.joined(separator: ", ")) present but took no turn in the session.")
            }
        }
        guard !evidence.isEmpty else { return nil }
        evidence.append("Decisions of the last \(Self.decisionWindow) sessions are read.")
        return Signal(
            id: .decidedWithout, severity: severity, summary: "Decisions are being taken without a part of the table in them.", evidence: evidence,
            figures: ["decisions": Double(evidence.count - 1)])
    }

    /// decisions-revisited: one item (or the same proposal) decided, then reopened and decided again,
    /// within the last 6 sessions. Watch at two decisions on it; act at three.
    func decisionsRevisited(_ history: GroupHistory) -> Signal? {
        let recent = Set(history.sessions.suffix(Self.revisitWindow).map(\.id))
        var byItem: [String: [GroupHistory.DecisionEntry]] = [:]
        for entry in history.decisions where recent.contains(entry.session) && entry.decision.status == .decided {
            byItem[Seat.key(entry.decision.item ?? entry.decision.proposal), default: []].append(entry)
        }
        let repeated = byItem.values.filter { $0.count >= 2 }.sorted { $0[0].decision.number < $1[0].decision.number }
        guard !repeated.isEmpty else { return nil }
        let most = repeated.map(\.count).max() ?? 0
        var evidence = repeated.map { entries in
            let first = entries[0].decision
            let name = TerminalText.sanitize(first.item ?? first.proposal, singleLine: true)
            let sessions = entries.compactMap { history.number(of: $0.session) }.map(String.init).joined(separator: ", ")
            return
                "“\(name)”: decided \(entries.count) times (decisions \(entries.map { String($0.decision.number) }.joined(separator: ", ")); sessions \(sessions))."
        }
        evidence.append("Decisions of the last \(Self.revisitWindow) sessions are read.")
        return Signal(
            id: .decisionsRevisited, severity: most >= 3 ? .act : .watch,
            summary: "Decisions do not hold: the same item is decided again.", evidence: evidence, figures: ["most": Double(most)])
    }

    /// thin-support: in 2 of the last 3 decisions whose support could be shown (by gradients or
    /// fist-to-five), more than half of the supporting stances were at the lowest level the rule
    /// accepts, by a binomial test against a half at p < 0.13 each (2 of 3 at that level happen by
    /// chance under 5% of the time). A decision needs 3 supporting stances to be told; fewer than 2
    /// decisions that could be told: too few to tell.
    func thinSupport(_ history: GroupHistory) -> Signal? {
        let shown = history.decisions.filter { entry in
            let d = entry.decision
            return d.status == .decided && (d.method == .gradients || d.method == .fistToFive) && d.supportShown(under: history.threshold) != nil
        }.suffix(Self.decisionWindow)
        guard shown.count >= 2 else { return nil }
        var thin: [String] = []
        var short: [String] = []
        var fewest = Int.max
        let needed = SignificanceTest.binomialMinimum(rate: 0.5, level: SignificanceTest.twoOfThreeAlpha, below: false)
        for entry in shown {
            let d = entry.decision
            guard let support = d.supportShown(under: history.threshold) else { continue }
            let lowest = d.acceptingLevel ?? DecisionRule.standard(d.method).atLeast ?? 0
            let supporting = support.filter { $0.key >= lowest }.values.reduce(0, +)
            let atLowest = support[lowest] ?? 0
            guard supporting > 0, atLowest * 2 > supporting else { continue }
            let text =
                "Decision \(d.number): \(atLowest) of \(supporting) supporting stances at “\(d.stance.level(lowest)?.name ?? "\(lowest)")”, the least the rule accepts."
            guard supporting >= needed else {
                short.append(text)
                fewest = min(fewest, supporting)
                continue
            }
            let p = SignificanceTest.binomialAbove(atLowest, of: supporting, rate: 0.5)
            guard p < SignificanceTest.twoOfThreeAlpha else { continue }
            thin.append(text + " Binomial test against a half: \(Self.p(p)).")
        }
        let windowText = "The last \(shown.count) decisions whose support could be shown are read."
        guard thin.count >= 2 else {
            guard thin.count + short.count >= 2, !short.isEmpty else { return nil }
            return .tooFewToTell(
                .thinSupport, about: "whether support is only just enough",
                sample: .init(has: fewest, needs: needed, of: "supporting stances in a decision"),
                evidence: thin + short + [windowText])
        }
        return Signal(
            id: .thinSupport, severity: .watch, summary: "Decisions pass with support that is only just enough.",
            evidence: thin + [windowText], figures: ["thin": Double(thin.count)])
    }
}
