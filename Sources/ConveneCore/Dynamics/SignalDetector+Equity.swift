import Foundation

/// The equity lens's four signals (DESIGN.md): voice-gap, ownership-gap, representation-drift and
/// trust-gap. They read categories, never a person: turns and commitments count under a label's
/// seat, segments only as the remainder rule kept them at close.
extension SignalDetector {
    static let tolerance = 1e-9

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    /// Sessions with a tally and a headcount by category: the only ones a share of voice can be read from.
    static func tallied(_ history: GroupHistory) -> [GroupHistory.Session] {
        history.sessions.filter { !$0.airtime.isEmpty && $0.headcountByCategory != nil }
    }

    /// Turns by category beside seats present, summed over sessions, each turn under the category
    /// its seat had in that session.
    public static func voiceShares(_ sessions: [GroupHistory.Session], history: GroupHistory) -> CategoryShares {
        CategoryShares.combined(
            sessions.map { session in
                (session.airtime.map { (history.category(of: $0.label, in: session), $0.turns) }, session.headcountByCategory ?? [])
            }, categories: history.categories)
    }

    /// Seats a category had present in a session.
    static func seats(_ session: GroupHistory.Session, _ category: String) -> Int {
        session.headcountByCategory?.first { $0.category == category }?.count ?? 0
    }

    /// voice-gap: over the last 3 tallied sessions, a category's share of turns is at most half its
    /// share of the seats present, or a category present took no turn; and a binomial test against
    /// half its seat share (the least gap that matters, so that people who simply talk more or less
    /// do not make a gap) shows it at p < 0.05 over the categories tested. A category needs 5
    /// expected turns in each session; a category of one or two seats never raises act alone.
    /// Power (SignalSimulationTests): residents speaking a fifth as often as the others, 20–60 turns
    /// a session, are found 42% of the time; false alarms on noise 0.0–0.1%.
    func voiceGap(_ history: GroupHistory) -> Signal? {
        let window = Array(Self.tallied(history).suffix(3))
        guard !window.isEmpty else { return nil }
        let shares = Self.voiceShares(window, history: history)
        let gaps = shares.rows.filter { $0.isGap && $0.category != Seat.unseated }
        guard !gaps.isEmpty else { return nil }
        let dates = window.map { day($0.date) }.joined(separator: ", ")
        func line(_ row: CategoryShares.Row) -> String {
            row.count == 0
                ? "\(row.category): \(Plural.count(row.present ?? 0, "seat")) present (\(Self.percent(row.presentShare ?? 0)) of the room) and no turn."
                : "\(row.category): \(Self.percent(row.presentShare ?? 0)) of the seats present, \(Self.percent(row.share)) of the turns (\(row.count) of \(shares.total)); a ratio of \(Self.f(row.ratio ?? 0))."
        }
        let windowText =
            "Over \(Plural.count(window.count, "tallied session")) with a headcount by category (\(dates))\(window.count < 3 ? "; the window is 3 sessions, fewer had a tally" : "")."
        // Expected turns in each session at the category's seat share: the test's minimum.
        func expected(_ category: String) -> Int {
            window.map { session in
                let seats = session.headcountByCategory?.reduce(0) { $0 + $1.count } ?? 0
                let turns = session.airtime.reduce(0) { $0 + $1.turns }
                return seats == 0 ? 0 : Int((Double(turns) * Double(Self.seats(session, category)) / Double(seats)).rounded(.down))
            }.min() ?? 0
        }
        let testable = gaps.filter { expected($0.category) >= 5 }
        let short = gaps.filter { expected($0.category) < 5 }
        let level = SignificanceTest.alpha / Double(max(1, testable.count))
        var found: [(row: CategoryShares.Row, p: Double)] = []
        for row in testable {
            let p = SignificanceTest.binomialBelow(row.count, of: shares.total, rate: (row.presentShare ?? 0) / 2)
            if p < level { found.append((row, p)) }
        }
        guard !found.isEmpty else {
            guard !short.isEmpty else { return nil }
            return .tooFewToTell(
                .voiceGap, about: "whether \(short.map(\.category).joined(separator: ", ")) \(short.count == 1 ? "is" : "are") heard",
                sample: .init(has: short.map { expected($0.category) }.min() ?? 0, needs: 5, of: "expected turns in a session"),
                evidence: short.map(line) + [windowText], figures: ["sessions": Double(window.count)])
        }
        var evidence = found.map { line($0.row) + " Binomial test against half its seat share: \(Self.p(min(1, $0.p * Double(testable.count))))." }
        if !short.isEmpty {
            evidence.append("Too few expected turns to tell for \(short.map(\.category).joined(separator: ", ")) (5 a session needed).")
        }
        evidence.append(windowText)
        var figures: [String: Double] = ["sessions": Double(window.count)]
        for (row, p) in found {
            figures["ratio.\(row.category)"] = row.ratio ?? 0
            figures["p.\(row.category)"] = min(1, p * Double(testable.count))
        }
        // Act: a silent or far-quieter category of three seats or more, with strong evidence.
        let acting = found.contains { row, p in
            (row.count == 0 || (row.ratio ?? 0) <= 0.25 + Self.tolerance) && p * Double(testable.count) < SignificanceTest.strongAlpha
                && window.map { Self.seats($0, row.category) }.max() ?? 0 >= 3
        }
        let names = found.map(\.row.category)
        return Signal(
            id: .voiceGap, severity: acting ? .act : .watch,
            summary:
                "Some seats at the table are not heard: \(names.joined(separator: ", ")) speak\(names.count == 1 ? "s" : "") far less than \(names.count == 1 ? "its" : "their") share of the room.",
            evidence: evidence, figures: figures)
    }

    /// ownership-gap: over the last 3 sessions, commitments owned by resident and grassroots seats
    /// are at most half their share of the seats present (in those of the sessions with a headcount
    /// by category), and a binomial test against half that share shows it at p < 0.05. Owners count
    /// under the category they had when the commitment was made.
    func ownershipGap(_ history: GroupHistory) -> Signal? {
        let window = Array(history.sessions.suffix(3))
        let ids = Set(window.map(\.id))
        let made = history.commitments.filter { ids.contains($0.madeSession) }
        guard !made.isEmpty else { return nil }
        let community = Seat.communityCategories
        let counted = window.filter { $0.headcountByCategory != nil }
        let seats = counted.flatMap { $0.headcountByCategory ?? [] }
        let total = seats.reduce(0) { $0 + $1.count }
        let communitySeats = seats.filter { community.contains($0.category) }.reduce(0) { $0 + $1.count }
        guard total > 0, communitySeats > 0 else { return nil }
        let seatShare = Double(communitySeats) / Double(total)
        let owned = made.filter { community.contains(history.category(ofOwner: $0.owner, madeIn: $0.madeSession)) }.count
        let share = Double(owned) / Double(made.count)
        guard share <= seatShare / 2 + Self.tolerance else { return nil }
        let byCategory = CategoryShares(
            counts: made.map { (history.category(ofOwner: $0.owner, madeIn: $0.madeSession), 1) }, present: nil, categories: history.categories)
        let dates = window.map { day($0.date) }.joined(separator: ", ")
        var evidence = [
            "Resident and grassroots seats were \(Self.percent(seatShare)) of the seats present and own \(owned) of the \(Plural.count(made.count, "commitment")) made (\(Self.percent(share))), \(dates).",
            "Commitments by the owner's category when made: " + byCategory.rows.map { "\($0.category) \($0.count)" }.joined(separator: ", ") + ".",
            "The window is the last 3 sessions\(counted.count < window.count ? "; \(counted.count) of them had a headcount by category" : "").",
        ]
        var figures: [String: Double] = ["share": share, "seatShare": seatShare, "commitments": Double(made.count), "sessions": Double(window.count)]
        let needed = SignificanceTest.binomialMinimum(rate: seatShare / 2)
        guard made.count >= needed else {
            return .tooFewToTell(
                .ownershipGap, about: "whether residents and grassroots groups own the work",
                sample: .init(has: made.count, needs: needed, of: "commitments made"),
                evidence: evidence, figures: figures)
        }
        let p = SignificanceTest.binomialBelow(owned, of: made.count, rate: seatShare / 2)
        guard p < SignificanceTest.alpha else { return nil }
        figures["p"] = p
        evidence.insert("Binomial test against half their seat share: \(Self.p(p)).", at: 1)
        let perSession = Double(communitySeats) / Double(counted.count)
        return Signal(
            id: .ownershipGap, severity: owned == 0 && p < SignificanceTest.strongAlpha && perSession >= 3 ? .act : .watch,
            summary: "Residents and grassroots groups give input but do not own the work: \(owned) of \(Plural.count(made.count, "commitment")).",
            evidence: evidence, figures: figures)
    }

    /// representation-drift: over the last 4 sessions (those of them with a headcount by category),
    /// a category's headcount fell ≥ 40% from the window's highest while the total fell less than
    /// 25%; and a conditional binomial test (the category's latest count given its sum with the
    /// highest, moving with the total when nothing changed) shows it at p < 0.05 over the
    /// categories and sessions compared. A rename is not a fall: the store reads past sessions
    /// under the category's new name.
    func representationDrift(_ history: GroupHistory) -> Signal? {
        let window = Array(history.sessions.suffix(4).filter { $0.headcountByCategory != nil })
        guard window.count >= 2, let last = window.last else { return nil }
        func total(_ session: GroupHistory.Session) -> Int { session.headcountByCategory?.reduce(0) { $0 + $1.count } ?? 0 }
        let highTotal = window.map(total).max() ?? 0
        guard highTotal > 0 else { return nil }
        let totalFall = Double(highTotal - total(last)) / Double(highTotal)
        guard totalFall < 0.25 - Self.tolerance else { return nil }
        let categories =
            history.categories + Set(window.flatMap { ($0.headcountByCategory ?? []).map(\.category) }).subtracting(history.categories).sorted()
        // Categories that were there at all in the window, each against the sessions before the latest.
        let there = categories.filter { c in window.contains { Self.seats($0, c) > 0 } }
        let comparisons = Double(max(1, there.count * (window.count - 1)))
        let level = SignificanceTest.alpha / comparisons
        var evidence: [String] = []
        var short: [String] = []
        var fewest = Int.max
        var neededMost = 0
        var figures: [String: Double] = ["totalFall": totalFall, "sessions": Double(window.count)]
        var acting = false
        for category in there {
            guard let peak = window.max(by: { Self.seats($0, category) < Self.seats($1, category) }) else { continue }
            let high = Self.seats(peak, category)
            let now = Self.seats(last, category)
            guard high > 0 else { continue }
            let fall = Double(high - now) / Double(high)
            guard fall >= 0.4 - Self.tolerance else { continue }
            let line =
                "\(category): \(high) on \(day(peak.date)), \(now) on \(day(last.date)) (−\(Self.percent(fall))) · "
                + window.map { "\(day($0.date)) \(Self.seats($0, category))" }.joined(separator: ", ")
            // Under no change the latest count is its sum with the highest times the total's share.
            let rate = Double(total(last)) / Double(total(last) + total(peak))
            let needed = Int((log(level) / log(1 - rate)).rounded(.up))
            guard high >= needed else {
                short.append(line)
                fewest = min(fewest, high)
                neededMost = max(neededMost, needed)
                continue
            }
            let p = min(1, SignificanceTest.binomialBelow(now, of: now + high, rate: rate) * comparisons)
            guard p < SignificanceTest.alpha else { continue }
            acting = acting || (now == 0 && high >= 3 && p < SignificanceTest.strongAlpha)
            figures["fall.\(category)"] = fall
            figures["p.\(category)"] = p
            evidence.append(line + " · conditional binomial test: \(Self.p(p)).")
        }
        let windowText =
            "The window is the last 4 sessions; \(window.count) had a headcount by category. Tests are corrected for \(Int(comparisons)) comparisons."
        guard !evidence.isEmpty else {
            guard !short.isEmpty else { return nil }
            return .tooFewToTell(
                .representationDrift, about: "whether the room is changing who it is",
                sample: .init(has: fewest, needs: neededMost, of: "seats at the category's highest"),
                evidence: short + [windowText], figures: figures)
        }
        evidence.append("The total held: \(highTotal) at its highest, \(total(last)) now (−\(Self.percent(totalFall))).")
        evidence.append(windowText)
        let names = figures.keys.filter { $0.hasPrefix("fall.") }.map { String($0.dropFirst(5)) }.sorted()
        return Signal(
            id: .representationDrift, severity: acting ? .act : .watch,
            summary: "The room is changing who it is: \(names.joined(separator: ", ")) stopped coming while the total held.", evidence: evidence,
            figures: figures)
    }

    /// Answers by segment on a 1–5 scale, read back from a shown segment's distribution.
    static func segmentValues(_ row: SegmentBreakdown.Row, pulse: GroupHistory.Pulse) -> [Double] {
        guard let low = pulse.scaleMin, let high = pulse.scaleMax, high > low else { return [] }
        return row.distribution.flatMap { bar -> [Double] in
            guard let raw = Int(bar.label) else { return [] }
            let value = pulse.reverse ? low + high - raw : raw
            return Array(repeating: 1 + 4 * Double(value - low) / Double(high - low), count: bar.count)
        }
    }

    /// Answers each segment needs before two segments' means can be compared.
    static let segmentMinimum = 10

    /// trust-gap: in a segmented trust or safety pulse, two shown segments' means differ by ≥ 0.75
    /// on a 5-point scale, with at least 10 answers in each and Welch's test (two-sided, corrected
    /// for the number of pairs) at p < 0.13, in 2 of the last 3 sessions that asked one: 2 of 3 at
    /// that level happen on noise under 5% of the time. A session asked when it put a segmented
    /// pulse, shown or not (below k, or hidden by the remainder rule): those count as no gap.
    /// Power (SignalSimulationTests): residents' trust 1.0 lower in rooms of 30–60 is found 13% of
    /// the time, mostly because a segment rarely reaches 10 answers; false alarms on noise 0.1%.
    func trustGap(_ history: GroupHistory) -> Signal? {
        let asked = history.sessions.compactMap { session -> (GroupHistory.Session, [GroupHistory.Pulse])? in
            let pulses = session.pulses.filter {
                ($0.segments != nil || $0.segmentation != nil) && ($0.measures == .trust || $0.measures == .safety) && $0.answer == .scale
            }
            return pulses.isEmpty ? nil : (session, pulses)
        }.suffix(3)
        guard asked.count >= 2 else { return nil }
        var evidence: [String] = []
        var gaps: [Double] = []
        var strongest = 1.0
        var short: [String] = []
        var fewest = Int.max
        for (session, pulses) in asked {
            var widest: (gap: Double, p: Double, text: String)?
            var shortHere: (gap: Double, n: Int, text: String)?
            for pulse in pulses {
                guard let segments = pulse.segments else { continue }
                let rows = segments.rows.filter { $0.segment != PulseSegments.preferNot }
                let means = rows.compactMap { row -> (row: SegmentBreakdown.Row, values: [Double], mean: Double)? in
                    let values = Self.segmentValues(row, pulse: pulse)
                    return Statistics(values).mean.map { (row, values, $0) }
                }
                let pairs = Double(max(1, means.count * (means.count - 1) / 2))
                for (i, a) in means.enumerated() {
                    for b in means.dropFirst(i + 1) {
                        let (high, low) = a.mean >= b.mean ? (a, b) : (b, a)
                        let gap = high.mean - low.mean
                        guard gap >= 0.75 - Self.tolerance else { continue }
                        let text =
                            "\(day(session.date)): \(high.row.segment) \(Self.f(high.mean)) (n = \(high.values.count)), \(low.row.segment) \(Self.f(low.mean)) (n = \(low.values.count)) of 5, a gap of \(Self.f(gap))"
                        let n = min(high.values.count, low.values.count)
                        guard n >= Self.segmentMinimum else {
                            if gap > (shortHere?.gap ?? -1) { shortHere = (gap, n, text + ".") }
                            continue
                        }
                        guard let one = SignificanceTest.welch(higher: high.values, lower: low.values) else { continue }
                        let p = min(1, 2 * one * pairs)
                        guard p < SignificanceTest.twoOfThreeAlpha && gap > widest?.gap ?? -1 else { continue }
                        widest = (gap, p, text + "; Welch's test, corrected for \(Int(pairs)) pairs: \(Self.p(p)).")
                    }
                }
            }
            if let widest {
                gaps.append(widest.gap)
                strongest = min(strongest, widest.p)
                evidence.append(widest.text)
            } else if let shortHere {
                short.append(shortHere.text)
                fewest = min(fewest, shortHere.n)
            }
        }
        let windowText =
            "The last \(Plural.count(asked.count, "session")) that asked a segmented trust or safety pulse are read, shown or not. Segments under the threshold, and any that could be worked out from the others, are not shown or used."
        guard gaps.count >= 2 else {
            guard gaps.count + short.count >= 2 else { return nil }
            return .tooFewToTell(
                .trustGap, about: "whether trust differs by seat", sample: .init(has: fewest, needs: Self.segmentMinimum, of: "answers in a segment"),
                evidence: evidence + short + [windowText], figures: ["sessions": Double(gaps.count)])
        }
        evidence.append("In \(gaps.count) of the last \(Plural.count(asked.count, "session")) that asked. " + windowText)
        return Signal(
            id: .trustGap,
            severity: (gaps.count == 3 || (gaps.max() ?? 0) >= 1.25 - Self.tolerance) && strongest < SignificanceTest.strongAlpha ? .act : .watch,
            summary: "Trust differs by seat: the same table feels safe to some and not to others.", evidence: evidence,
            figures: ["widestGap": gaps.max() ?? 0, "sessions": Double(gaps.count), "p": strongest])
    }
}
