import Foundation

/// The equity lens in a session: seats, the headcount by category, airtime and ownership by
/// category, and the segment question of a segmented pulse.
extension Facilitator {
    func seat(_ state: SessionState, label: String, category: String, organization: String?, now: Date) throws(CoreError) -> Step {
        guard state.context.categories.contains(category) else {
            throw .usage(
                "\(clean(category)) is not one of this group's categories: \(state.context.categories.joined(separator: ", ")) (convene groups set NAME --categories edits them)"
            )
        }
        let label = state.label(for: label)
        let before = state.context.roster.seat(label)
        let seat = Seat(label: label, category: category, organization: organization ?? before?.organization)
        guard before != seat else { throw .refused("\(clean(label)) is already seated as \(category)") }
        let text =
            before.map { "\(clean(label)) moves from \($0.category) to \(category)." }
            ?? "\(clean(label)) is seated as \(category)\(organization.map { " (\(clean($0)))" } ?? "")."
        return apply(state, [SessionEvent(at: now, .seated(seat))], output: [OutputLine(text, .success)])
    }

    func rosterLines(_ state: SessionState) -> [OutputLine] {
        let roster = state.context.roster
        guard !roster.isEmpty else {
            return [.dim("No seats yet. /seat LABEL CATEGORY adds one (categories: \(state.context.categories.joined(separator: ", "))).")]
        }
        let here = Set((state.here ?? []).map(Seat.key))
        var lines: [OutputLine] = [.heading("Roster · \(Plural.count(roster.count, "seat"))")]
        for category in state.context.categories + [Seat.unseated] {
            let seats = roster.filter { $0.category == category }.sorted { $0.label.lowercased() < $1.label.lowercased() }
            guard !seats.isEmpty else { continue }
            let names = seats.map { seat in
                (here.contains(Seat.key(seat.label)) ? "*" : "") + clean(seat.label) + (seat.organization.map { " (\(clean($0)))" } ?? "")
            }
            lines.append(OutputLine("  \(category) (\(seats.count)): \(names.joined(separator: ", "))"))
        }
        if !here.isEmpty { lines.append(.dim("* here now (from /here)")) }
        return lines
    }

    func presentBy(_ state: SessionState, _ counts: [CategoryCount], now: Date) throws(CoreError) -> Step {
        if let unknown = counts.first(where: { !state.context.categories.contains($0.category) }) {
            throw .usage("\(clean(unknown.category)) is not one of this group's categories: \(state.context.categories.joined(separator: ", "))")
        }
        let step = apply(state, [SessionEvent(at: now, .presentBy(categories: counts, here: nil))])
        return Step(
            state: step.state, events: step.events,
            output: [OutputLine("Headcount: \(step.state.headcount ?? 0) (\(Self.countsText(counts))).", .success)])
    }

    func here(_ state: SessionState, _ labels: [String], now: Date) throws(CoreError) -> Step {
        let roster = state.context.roster
        let missing = labels.filter { roster.seat($0) == nil }
        guard missing.isEmpty else {
            throw .usage("not on the roster: \(missing.map(clean).joined(separator: ", ")); /seat LABEL CATEGORY seats them first")
        }
        let seats = labels.compactMap { roster.seat($0) }
        var unique: [Seat] = []
        for seat in seats where !unique.contains(where: { Seat.key($0.label) == Seat.key(seat.label) }) { unique.append(seat) }
        let counts = state.context.categories.compactMap { category -> CategoryCount? in
            let n = unique.filter { $0.category == category }.count
            return n > 0 ? CategoryCount(category: category, count: n) : nil
        }
        let step = apply(state, [SessionEvent(at: now, .presentBy(categories: counts, here: unique.map(\.label)))])
        return Step(
            state: step.state, events: step.events,
            output: [
                OutputLine("Here: \(Plural.count(unique.count, "seat")) (\(Self.countsText(counts))). The headcount is \(unique.count).", .success)
            ])
    }

    static func countsText(_ counts: [CategoryCount]) -> String {
        counts.isEmpty ? "no seats" : counts.map { "\($0.category) \($0.count)" }.joined(separator: ", ")
    }

    /// The hint after a turn or a commitment of a label that has no seat: said once, at its first use.
    func categoryHint(_ state: SessionState, label: String) -> [OutputLine] {
        [
            .dim(
                "\(clean(label)) is not on the roster: /seat \(label.contains(" ") ? "\"\(clean(label))\"" : clean(label)) CATEGORY counts it by category (\(state.context.categories.joined(separator: ", ")))."
            )
        ]
    }

    /// Turns by category beside each category's share of the seats present.
    func categoryAirtimeLines(_ state: SessionState) -> [OutputLine] {
        let shares = CategoryShares(
            turns: state.airtime.map { ($0.label, $0.turns) }, roster: state.context.roster, present: state.headcountByCategory,
            categories: state.context.categories)
        guard !shares.rows.isEmpty, !state.context.roster.isEmpty || state.headcountByCategory != nil else {
            return [.dim("By category: /seat LABEL CATEGORY puts labels on the roster; /present by category or /here gives the seats present.")]
        }
        var lines: [OutputLine] = [OutputLine("By category (share of turns · share of seats present · ratio)", .emphasis)]
        for row in shares.rows {
            let seats = row.presentShare.map { String(format: "%5.1f%%", $0 * 100) } ?? "    –"
            let ratio = row.ratio.map { String(format: "%.2f", $0) } ?? "–"
            let gap = row.isGap ? "  under half its share of seats" : ""
            lines.append(
                OutputLine(
                    "  \(row.category.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%3d", row.count))  \(String(format: "%5.1f%%", row.share * 100)) · \(seats) · \(ratio)\(gap)",
                    row.isGap ? .warning : .plain, hang: 15))
        }
        if state.headcountByCategory == nil {
            lines.append(.dim("/present resident=N ... or /here gives each category's share of the seats present."))
        }
        return lines
    }

    /// Open commitments by the owner's category.
    func ownershipLines(_ state: SessionState) -> [OutputLine] {
        let commitments = state.context.commitments
        guard !commitments.isEmpty, !state.context.roster.isEmpty else { return [] }
        let shares = CategoryShares(
            owners: commitments.map(\.owner), roster: state.context.roster, present: state.headcountByCategory,
            categories: state.context.categories)
        return [
            .dim(
                "Owned by category: "
                    + shares.rows.map { "\($0.category) \($0.count) (\(String(format: "%.0f%%", $0.share * 100)))" }.joined(separator: " · "))
        ]
    }

    /// The division a pulse asks by. A segment question belongs to the group: once declared (or
    /// first asked) its options are fixed, so two pulses never divide the room two ways under one
    /// name.
    func segments(for request: Command.SegmentRequest, state: SessionState) throws(CoreError) -> PulseSegments {
        switch request {
        case .category:
            return .byCategory(state.context.categories)
        case .own(let question, let options):
            let declared = PulseSegments.named(question, in: state.segmentQuestions)
            guard !options.isEmpty else {
                guard let declared else {
                    throw .usage(
                        "the group has no segment question “\(clean(question))”: give its options (--by \"QUESTION\" A,B,C), or declare it with convene groups set NAME --segment \"QUESTION\" A,B,C"
                    )
                }
                return declared
            }
            return try PulseSegments.checked(PulseSegments(question: question, options: options, byCategory: false), against: state.segmentQuestions)
        }
    }
}
