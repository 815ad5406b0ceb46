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

    /// Turns by category beside seats present, summed over sessions.
    public static func voiceShares(_ sessions: [GroupHistory.Session], history: GroupHistory) -> CategoryShares {
        CategoryShares.combined(
            sessions.map { session in
                (session.airtime.map { (history.roster.category(of: $0.label), $0.turns) }, session.headcountByCategory ?? [])
            }, categories: history.categories)
    }

    /// voice-gap: over the last 3 tallied sessions, a category's share of turns is at most half its
    /// share of the seats present, or a category present took no turn.
    func voiceGap(_ history: GroupHistory) -> Signal? {
        let window = Array(Self.tallied(history).suffix(3))
        guard !window.isEmpty else { return nil }
        let shares = Self.voiceShares(window, history: history)
        let gaps = shares.rows.filter { $0.isGap && $0.category != Seat.unseated }
        guard !gaps.isEmpty else { return nil }
        let dates = window.map { day($0.date) }.joined(separator: ", ")
        var evidence = gaps.map { row in
            row.count == 0
                ? "\(row.category): \(Plural.count(row.present ?? 0, "seat")) present (\(Self.percent(row.presentShare ?? 0)) of the room) and no turn."
                : "\(row.category): \(Self.percent(row.presentShare ?? 0)) of the seats present, \(Self.percent(row.share)) of the turns (\(row.count) of \(shares.total)); a ratio of \(Self.f(row.ratio ?? 0))."
        }
        evidence.append(
            "Over \(Plural.count(window.count, "tallied session")) with a headcount by category (\(dates))\(window.count < 3 ? "; the window is 3 sessions, fewer had a tally" : "")."
        )
        var figures: [String: Double] = ["sessions": Double(window.count)]
        for row in gaps { figures["ratio.\(row.category)"] = row.ratio ?? 0 }
        let silent = gaps.contains { $0.count == 0 }
        return Signal(
            id: .voiceGap, severity: silent || gaps.contains { ($0.ratio ?? 0) <= 0.25 + Self.tolerance } ? .act : .watch,
            summary:
                "Some seats at the table are not heard: \(gaps.map(\.category).joined(separator: ", ")) speak\(gaps.count == 1 ? "s" : "") far less than \(gaps.count == 1 ? "its" : "their") share of the room.",
            evidence: evidence, figures: figures)
    }

    /// ownership-gap: over the last 3 sessions, commitments owned by resident and grassroots seats
    /// are at most half their share of the seats present.
    func ownershipGap(_ history: GroupHistory) -> Signal? {
        let window = Array(history.sessions.filter { $0.headcountByCategory != nil }.suffix(3))
        let ids = Set(window.map(\.id))
        let made = history.commitments.filter { ids.contains($0.madeSession) }
        guard !made.isEmpty else { return nil }
        let community = Seat.communityCategories
        let seats = window.flatMap { $0.headcountByCategory ?? [] }
        let total = seats.reduce(0) { $0 + $1.count }
        let communitySeats = seats.filter { community.contains($0.category) }.reduce(0) { $0 + $1.count }
        guard total > 0, communitySeats > 0 else { return nil }
        let seatShare = Double(communitySeats) / Double(total)
        let owned = made.filter { community.contains(history.roster.category(of: $0.owner)) }.count
        let share = Double(owned) / Double(made.count)
        guard share <= seatShare / 2 + Self.tolerance else { return nil }
        let byCategory = CategoryShares(owners: made.map(\.owner), roster: history.roster, present: nil, categories: history.categories)
        let dates = window.map { day($0.date) }.joined(separator: ", ")
        return Signal(
            id: .ownershipGap, severity: owned == 0 ? .act : .watch,
            summary: "Residents and grassroots groups give input but do not own the work: \(owned) of \(Plural.count(made.count, "commitment")).",
            evidence: [
                "Resident and grassroots seats were \(Self.percent(seatShare)) of the seats present and own \(owned) of the \(Plural.count(made.count, "commitment")) made (\(Self.percent(share))), \(dates).",
                "Commitments by the owner's category: " + byCategory.rows.map { "\($0.category) \($0.count)" }.joined(separator: ", ") + ".",
            ] + (window.count < 3 ? ["The window is 3 sessions; \(window.count) had a headcount by category."] : []),
            figures: ["share": share, "seatShare": seatShare, "commitments": Double(made.count), "sessions": Double(window.count)])
    }

    /// representation-drift: a category's headcount over the last 4 sessions fell ≥ 40% from the
    /// window's highest while the total fell less than 25%.
    func representationDrift(_ history: GroupHistory) -> Signal? {
        let window = Array(history.sessions.filter { $0.headcountByCategory != nil }.suffix(4))
        guard window.count >= 2, let last = window.last else { return nil }
        func count(_ session: GroupHistory.Session, _ category: String) -> Int {
            session.headcountByCategory?.first { $0.category == category }?.count ?? 0
        }
        func total(_ session: GroupHistory.Session) -> Int { session.headcountByCategory?.reduce(0) { $0 + $1.count } ?? 0 }
        let highTotal = window.map(total).max() ?? 0
        guard highTotal > 0 else { return nil }
        let totalFall = Double(highTotal - total(last)) / Double(highTotal)
        guard totalFall < 0.25 - Self.tolerance else { return nil }
        let categories =
            history.categories + Set(window.flatMap { ($0.headcountByCategory ?? []).map(\.category) }).subtracting(history.categories).sorted()
        var evidence: [String] = []
        var figures: [String: Double] = ["totalFall": totalFall, "sessions": Double(window.count)]
        var gone = false
        for category in categories {
            guard let peak = window.max(by: { count($0, category) < count($1, category) }) else { continue }
            let high = count(peak, category)
            let now = count(last, category)
            guard high > 0 else { continue }
            let fall = Double(high - now) / Double(high)
            guard fall >= 0.4 - Self.tolerance else { continue }
            gone = gone || now == 0
            figures["fall.\(category)"] = fall
            evidence.append(
                "\(category): \(high) on \(day(peak.date)), \(now) on \(day(last.date)) (−\(Self.percent(fall))) · "
                    + window.map { "\(day($0.date)) \(count($0, category))" }.joined(separator: ", "))
        }
        guard !evidence.isEmpty else { return nil }
        evidence.append("The total held: \(highTotal) at its highest, \(total(last)) now (−\(Self.percent(totalFall))).")
        let names = figures.keys.filter { $0.hasPrefix("fall.") }.map { String($0.dropFirst(5)) }.sorted()
        return Signal(
            id: .representationDrift, severity: gone ? .act : .watch,
            summary: "The room is changing who it is: \(names.joined(separator: ", ")) stopped coming while the total held.", evidence: evidence,
            figures: figures)
    }

    /// trust-gap: in a segmented trust or safety pulse, two shown segments' means differ by ≥ 0.75
    /// on a 5-point scale, in 2 of the last 3 sessions that asked one.
    func trustGap(_ history: GroupHistory) -> Signal? {
        let asked = history.sessions.compactMap { session -> (GroupHistory.Session, [GroupHistory.Pulse])? in
            let pulses = session.pulses.filter { $0.segments != nil && ($0.measures == .trust || $0.measures == .safety) && $0.answer == .scale }
            return pulses.isEmpty ? nil : (session, pulses)
        }.suffix(3)
        guard asked.count >= 2 else { return nil }
        var evidence: [String] = []
        var gaps: [Double] = []
        for (session, pulses) in asked {
            var widest: (gap: Double, low: (String, Double), high: (String, Double))?
            for pulse in pulses {
                let means = pulse.segments!.normalizedMeans(scale: (pulse.scaleMin ?? 1, pulse.scaleMax ?? 5), reverse: pulse.reverse)
                guard let low = means.min(by: { $0.mean < $1.mean }), let high = means.max(by: { $0.mean < $1.mean }), means.count >= 2 else {
                    continue
                }
                if high.mean - low.mean > (widest?.gap ?? -1) { widest = (high.mean - low.mean, (low.segment, low.mean), (high.segment, high.mean)) }
            }
            guard let widest, widest.gap >= 0.75 - Self.tolerance else { continue }
            gaps.append(widest.gap)
            evidence.append(
                "\(day(session.date)): \(widest.high.0) \(Self.f(widest.high.1)), \(widest.low.0) \(Self.f(widest.low.1)) of 5, a gap of \(Self.f(widest.gap))."
            )
        }
        guard gaps.count >= 2 else { return nil }
        evidence.append(
            "In \(gaps.count) of the last \(Plural.count(asked.count, "session")) that asked a segmented trust or safety pulse. Segments under the threshold, and any that could be worked out from the others, are not shown or used."
        )
        return Signal(
            id: .trustGap, severity: gaps.count == 3 || (gaps.max() ?? 0) >= 1.25 - Self.tolerance ? .act : .watch,
            summary: "Trust differs by seat: the same table feels safe to some and not to others.", evidence: evidence,
            figures: ["widestGap": gaps.max() ?? 0, "sessions": Double(gaps.count)])
    }
}
