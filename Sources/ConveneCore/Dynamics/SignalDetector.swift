import Foundation

/// Computes the signals of DESIGN.md over a group's history, only from pulses that met the
/// threshold. Each signal's definition is in its own function, with DESIGN.md's numbers.
public struct SignalDetector: Sendable {
    public var library: Library
    public let clock: CivilClock

    public init(library: Library, clock: CivilClock = .local) {
        self.library = library
        self.clock = clock
    }

    public func signals(_ raw: GroupHistory) -> [Signal] {
        let history = raw.revealedOnly()
        let found = [
            decline(history, measures: [.trust, .safety], id: .trustDecline, name: "trust and safety", headline: "Trust is sliding"),
            splitRoom(history),
            quietConflict(history),
            recurringConcern(history),
            airtimeImbalance(history),
            attendanceDrift(history),
            followThrough(history),
            conflictAging(history),
            decline(
                history, measures: [.worth], id: .worthDecline, name: "worth-your-time", headline: "Fewer people find the meetings worth their time"),
            voiceGap(history),
            ownershipGap(history),
            representationDrift(history),
            trustGap(history),
            decidedWithout(history),
            decisionsRevisited(history),
            thinSupport(history),
        ].compactMap { $0 }
        // Most severe first, for every surface (text, HTML, JSON).
        return found.map { signal in
            var signal = signal
            signal.recommendations = recommendations(for: signal.id)
            return signal
        }.sorted { ($0.severity, $1.id.rawValue) > ($1.severity, $0.id.rawValue) }
    }

    func recommendations(for id: SignalID) -> [Signal.Recommendation] {
        library.sortedActivities
            .filter { !$0.isPulse && $0.kind != .pause && $0.addresses.contains(id) }
            .sorted { ($0.addresses.first == id ? 0 : 1, $0.intensity, $0.title) < ($1.addresses.first == id ? 0 : 1, $1.intensity, $1.title) }
            .prefix(4)
            .map { Signal.Recommendation(id: $0.id, title: $0.title, kind: $0.kind.label) }
    }

    // MARK: - Helpers

    public func day(_ date: Date) -> String { clock.day(date) }

    static func f(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Pooled normalized values of a session's revealed scale pulses that measure one of `measures`.
    static func values(_ session: GroupHistory.Session, _ measures: Set<PulseSpec.Measure>) -> [Double] {
        session.pulses.filter { $0.measures.map(measures.contains) == true }.flatMap(\.normalizedValues)
    }

    /// Per-session means of a measure, over sessions where it was revealed.
    public static func series(_ history: GroupHistory, _ measures: Set<PulseSpec.Measure>) -> [(session: GroupHistory.Session, mean: Double, n: Int)]
    {
        history.sessions.compactMap { session in
            let values = values(session, measures)
            guard let mean = Statistics(values).mean else { return nil }
            return (session, mean, values.count)
        }
    }

    // MARK: - The signals

    /// The windows of DESIGN.md, in sessions, and the least the code needs inside one.
    static let declineWindow = 6, declineMinimum = 2
    static let splitRoomWindow = 3
    /// Answers a mean needs before a test can tell a half-point change from chance: with 10 on
    /// each side and a spread of about 1, a 1-point fall is seen 4 times in 5.
    static let minimumAnswers = 10

    /// "p = 0.012" for evidence; very small ones as "p < 0.001".
    static func p(_ value: Double) -> String { value < 0.001 ? "p < 0.001" : "p = \(String(format: "%.3f", value))" }

    /// trust-decline and worth-decline: slope over the last ≤ 6 revealed sessions ≤ −0.15 per
    /// session and the latest mean at least 0.5 below the window's first (the sizes that matter),
    /// and Welch's t-test of the first session's answers against the latest's at p < 0.05 (the
    /// evidence). Each of the two sessions needs 10 answers; fewer say "too few to tell".
    /// Power (SignalSimulationTests): a fall of 0.75 over 4 sessions of 15 answers is seen about
    /// 58% of the time (seed 31, 1,500 runs); false alarms on noise 1.3% (seed 1).
    func decline(_ history: GroupHistory, measures: Set<PulseSpec.Measure>, id: SignalID, name: String, headline: String) -> Signal? {
        let window = Array(Self.series(history, measures).suffix(Self.declineWindow))
        guard window.count >= Self.declineMinimum, let slope = Statistics(window.map(\.mean)).slope,
            let first = window.first, let last = window.last
        else { return nil }
        let drop = first.mean - last.mean
        // A value exactly on a threshold fires (DESIGN.md): compared with a tolerance.
        guard slope <= -0.15 + Self.tolerance, drop >= 0.5 - Self.tolerance else { return nil }
        var evidence = [
            "The \(name) mean fell from \(Self.f(first.mean)) on \(day(first.session.date)) to \(Self.f(last.mean)) on \(day(last.session.date)) over \(Plural.count(window.count, "session")) with results: slope \(Self.f(slope)) per session (least squares), \(Self.f(drop)) lower."
        ]
        let windowText =
            "The window is the last \(Self.declineWindow) sessions with results\(window.count < Self.declineWindow ? "; \(window.count) exist (at least \(Self.declineMinimum) draw a slope)" : "")."
        let perSession = window.map { "\(day($0.session.date)): mean \(Self.f($0.mean)) of 5 (n = \($0.n))" }
        var figures: [String: Double] = [
            "slope": slope, "first": first.mean, "last": last.mean, "sessions": Double(window.count),
            "windowSessions": Double(Self.declineWindow), "minimumSessions": Double(Self.declineMinimum),
        ]
        let fewest = min(first.n, last.n)
        guard fewest >= Self.minimumAnswers else {
            return .tooFewToTell(
                id, about: "whether \(name) is falling",
                sample: .init(has: fewest, needs: Self.minimumAnswers, of: "answers in the first or latest session"),
                evidence: evidence + [windowText] + perSession, figures: figures)
        }
        guard let p = SignificanceTest.welch(higher: Self.values(first.session, measures), lower: Self.values(last.session, measures)),
            p < SignificanceTest.alpha
        else { return nil }
        figures["p"] = p
        evidence.append("Welch's t-test, first session against the latest: \(Self.p(p)) (on noise, a fall this size shows less than 1 time in 20).")
        evidence.append(windowText)
        evidence += perSession
        let severity: Signal.Severity = p < SignificanceTest.strongAlpha && (slope <= -0.3 || last.mean <= 3.0) ? .act : .watch
        return Signal(
            id: id, severity: severity,
            summary: "\(headline): \(Self.f(first.mean)) → \(Self.f(last.mean)) over \(Plural.count(window.count, "session")).", evidence: evidence,
            figures: figures)
    }

    /// split-room: a revealed scale pulse with a standard deviation ≥ 1.2 on a 5-point scale
    /// (scaled for other ranges), in one of the last 3 sessions, and a chi-square test that the
    /// room's spread is above 1.2 at p < 0.05 over the number of pulses read (Bonferroni). A pulse
    /// needs 10 answers. A room not split (spread at most 1.2) fires under 5% of the time.
    func splitRoom(_ history: GroupHistory) -> Signal? {
        var evidence: [String] = []
        var worst = 0.0
        var strongest = 1.0
        var short: (has: Int, lines: [String]) = (Int.max, [])
        var candidates: [(GroupHistory.Session, GroupHistory.Pulse, Double)] = []
        for session in history.sessions.suffix(Self.splitRoomWindow) {
            for pulse in session.pulses where pulse.answer == .scale && pulse.values.count >= 2 {
                guard let low = pulse.scaleMin, let high = pulse.scaleMax, high > low,
                    let sd = Statistics(pulse.values.map(Double.init)).standardDeviation
                else { continue }
                candidates.append((session, pulse, sd * 4 / Double(high - low)))
            }
        }
        let level = SignificanceTest.alpha / Double(max(1, candidates.count))
        for (session, pulse, scaled) in candidates where scaled >= 1.2 - Self.tolerance {
            let normalized = pulse.normalizedValues
            let lowCount = normalized.filter { $0 <= 2 + 1e-9 }.count
            let highCount = normalized.filter { $0 >= 4 - 1e-9 }.count
            let line =
                "\(day(session.date)) · “\(pulse.question)”: standard deviation \(Self.f(scaled)) on a 5-point scale (n = \(pulse.values.count)); \(lowCount) answered low, \(highCount) high."
            guard normalized.count >= Self.minimumAnswers else {
                short = (min(short.has, normalized.count), short.lines + [line])
                continue
            }
            guard let p = SignificanceTest.spreadAbove(normalized, 1.2), p < level else { continue }
            worst = max(worst, scaled)
            strongest = min(strongest, p)
            evidence.append(line + " Chi-square test of a spread above 1.2: \(Self.p(p)).")
        }
        let windowText = "Pulses of the last \(Self.splitRoomWindow) sessions are read."
        guard !evidence.isEmpty else {
            guard !short.lines.isEmpty else { return nil }
            return .tooFewToTell(
                .splitRoom, about: "whether the room is split", sample: .init(has: short.has, needs: Self.minimumAnswers, of: "answers to the pulse"),
                evidence: short.lines + [windowText], figures: ["windowSessions": Double(Self.splitRoomWindow)])
        }
        evidence.append(windowText)
        return Signal(
            id: .splitRoom, severity: worst >= 1.6 && strongest < SignificanceTest.strongAlpha ? .act : .watch,
            summary: "The room is split: answers cluster at both ends, not around the middle.", evidence: evidence,
            figures: ["standardDeviation": worst, "p": strongest, "windowSessions": Double(Self.splitRoomWindow)])
    }

    /// quiet-conflict: no conflict raised in the room over the last 3 sessions, yet the trust and
    /// safety answers of those sessions, pooled, have a mean ≤ 3.0 of 5 or ≥ 30% at 2 or below, and
    /// a test shows it (a t-test of a mean below 3.0, or a binomial test of more than 30% low, each
    /// at p < 0.025 so that the pair stays under 5%). Needs 10 answers in the window.
    func quietConflict(_ history: GroupHistory) -> Signal? {
        let window = history.sessions.suffix(3)
        guard window.count == 3, window.allSatisfy({ $0.conflictsRaised == 0 }) else { return nil }
        let values = window.flatMap { Self.values($0, [.trust, .safety]) }
        guard let mean = Statistics(values).mean else { return nil }
        let lowCount = values.filter { $0 <= 2 + 1e-9 }.count
        let lowShare = Double(lowCount) / Double(values.count)
        guard mean <= 3.0 + Self.tolerance || lowShare >= 0.3 - Self.tolerance else { return nil }
        let dates = window.map { day($0.date) }.joined(separator: ", ")
        var evidence = [
            "No conflict was raised in the room in the last 3 sessions (\(dates)).",
            "Their trust and safety answers: mean \(Self.f(mean)) of 5, \(Self.percent(lowShare)) at 2 or below (n = \(values.count)).",
        ]
        guard values.count >= Self.minimumAnswers else {
            return .tooFewToTell(
                .quietConflict, about: "whether trust is low",
                sample: .init(has: values.count, needs: Self.minimumAnswers, of: "trust and safety answers in the last 3 sessions"),
                evidence: evidence, figures: ["mean": mean, "lowShare": lowShare])
        }
        let level = SignificanceTest.alpha / 2
        let pMean = mean <= 3.0 + Self.tolerance ? SignificanceTest.meanBelow(values, 3.0) ?? 1 : 1
        let pLow = lowShare >= 0.3 - Self.tolerance ? SignificanceTest.binomialAbove(lowCount, of: values.count, rate: 0.3) : 1
        let p = min(pMean, pLow)
        guard p < level else { return nil }
        evidence.append("Tested: a mean below 3.0 (t-test) \(Self.p(pMean)); more than 30% low (binomial) \(Self.p(pLow)); each must be under 0.025.")
        return Signal(
            id: .quietConflict, severity: p < SignificanceTest.strongAlpha / 2 ? .act : .watch,
            summary: "Nobody disagrees in the room, but the anonymous answers say trust is low.", evidence: evidence,
            figures: ["mean": mean, "lowShare": lowShare, "p": p, "n": Double(values.count)])
    }

    /// recurring-concern: a term or phrase in revealed anonymous comments in ≥ 3 of the last 6
    /// sessions that matches no conflict raised in the room. Not a test: the words are what people
    /// wrote, not a sample of them, and the evidence lists every one.
    func recurringConcern(_ history: GroupHistory) -> Signal? {
        let window = history.sessions.suffix(6)
        var sessionsWith: [String: [Date]] = [:]
        for session in window {
            let terms = Set(session.pulses.flatMap(\.comments).flatMap(TermExtractor.terms))
            for term in terms { sessionsWith[term, default: []].append(session.date) }
        }
        let raised = Set(history.conflicts.flatMap { TermExtractor.terms($0.text) })
        var recurring = sessionsWith.filter { $0.value.count >= 3 && !raised.contains($0.key) }
        // A phrase that recurs says more than its words: drop words covered by a phrase as often.
        for (phrase, dates) in recurring where phrase.contains(" ") {
            for word in phrase.split(separator: " ").map(String.init) where recurring[word]?.count == dates.count {
                recurring.removeValue(forKey: word)
            }
        }
        let top = recurring.sorted { ($0.value.count, $0.key.count, $1.key) > ($1.value.count, $1.key.count, $0.key) }.prefix(3)
        guard let most = top.first else { return nil }
        let evidence = top.map { term, dates in
            "“\(term)” appears in anonymous comments in \(dates.count) of the last \(Plural.count(window.count, "session")) (\(dates.map(day).joined(separator: ", "))), and in no conflict raised in the room."
        }
        return Signal(
            id: .recurringConcern, severity: most.value.count >= 5 ? .act : .watch,
            summary: "A concern keeps coming back in anonymous comments: “\(most.key)”.", evidence: evidence)
    }

    /// airtime-imbalance: in the latest session with a tally, one label above twice its fair share
    /// by a binomial test against twice the fair share (p < 0.025 over the labels), or a Gini of
    /// turns ≥ 0.4 with a chi-square test against equal turns (p < 0.025). Needs 5 expected turns
    /// a label. The latest only: each session's tally is its own room.
    func airtimeImbalance(_ history: GroupHistory) -> Signal? {
        guard let session = history.sessions.last(where: { $0.airtime.count >= 2 }),
            let airtime = Airtime(turns: session.airtime.map { SessionState.Turns(label: $0.label, turns: $0.turns) })
        else { return nil }
        let heavy = airtime.rows.filter { $0.share > 2 * airtime.fairShare }
        guard airtime.gini >= 0.4 - Self.tolerance || !heavy.isEmpty else { return nil }
        var evidence = [
            "\(day(session.date)) (the latest session with a tally): Gini \(Self.f(airtime.gini)) over \(Plural.count(airtime.rows.count, "label")) and \(Plural.count(airtime.total, "turn"))."
        ]
        evidence += heavy.map {
            "\($0.label): \(Int(($0.share * 100).rounded()))% of turns, more than twice a fair share (\(Int((airtime.fairShare * 100).rounded()))%)."
        }
        let labels = airtime.rows.count
        let needed = 5 * labels
        guard airtime.total >= needed else {
            return .tooFewToTell(
                .airtimeImbalance, about: "whether a few voices carry the meeting",
                sample: .init(has: airtime.total, needs: needed, of: "turns (5 a label)"),
                evidence: evidence, figures: ["gini": airtime.gini])
        }
        let half = SignificanceTest.alpha / 2
        let pHeavy =
            heavy.map { SignificanceTest.binomialAbove($0.turns, of: airtime.total, rate: min(1, 2 * airtime.fairShare)) * Double(labels) }.min() ?? 1
        let expected = Double(airtime.total) / Double(labels)
        let chi = airtime.rows.reduce(0) { $0 + (Double($1.turns) - expected) * (Double($1.turns) - expected) / expected }
        let pGini = airtime.gini >= 0.4 - Self.tolerance ? Probability.chiSquareUpper(chi, df: Double(labels - 1)) : 1
        let p = min(pHeavy, pGini)
        guard p < half else { return nil }
        evidence.append(
            "Tested: one label above twice its fair share (binomial, corrected for \(labels) labels) \(Self.p(min(1, pHeavy))); turns unequal (chi-square) \(Self.p(pGini)); each must be under 0.025."
        )
        return Signal(
            id: .airtimeImbalance, severity: airtime.gini >= 0.5 && p < SignificanceTest.strongAlpha / 2 ? .act : .watch,
            summary: "A few voices carry the meeting.", evidence: evidence,
            figures: ["gini": airtime.gini, "largestShare": airtime.rows.first?.share ?? 0, "fairShare": airtime.fairShare, "p": p])
    }

    /// attendance-drift: headcount over the last 4 sessions fell ≥ 25% from the window's highest
    /// (the size that matters), and the latest count is low against the window's total: given the
    /// total, the latest is binomial with rate 1/m over m sessions when nothing changed (a count of
    /// people who each come or not varies less than that, so the test errs towards silence). The
    /// total is compared, not the highest, so picking the highest costs no correction.
    /// Power (SignalSimulationTests): the latest session's attendance down 40% is found 54% of the
    /// time; false alarms on noise 0.1%.
    func attendanceDrift(_ history: GroupHistory) -> Signal? {
        let counted = history.sessions.suffix(4).filter { $0.headcount != nil }
        guard counted.count >= 2, let peak = counted.max(by: { $0.headcount! < $1.headcount! }), let last = counted.last,
            let high = peak.headcount, high > 0, let now = last.headcount
        else { return nil }
        let fall = Double(high - now) / Double(high)
        guard fall >= 0.25 - Self.tolerance else { return nil }
        let total = counted.reduce(0) { $0 + $1.headcount! }
        let rate = 1 / Double(counted.count)
        var evidence = ["Headcount fell from \(high) on \(day(peak.date)) to \(now) on \(day(last.date)) (−\(Int((fall * 100).rounded()))%)."]
        let perSession =
            counted.map { "\(day($0.date)): \($0.headcount!) present" } + ["The window is the last 4 sessions; \(counted.count) had a headcount."]
        let needed = SignificanceTest.binomialMinimum(rate: rate)
        guard total >= needed else {
            return .tooFewToTell(
                .attendanceDrift, about: "whether members are drifting away",
                sample: .init(has: total, needs: needed, of: "people counted in the window"),
                evidence: evidence + perSession, figures: ["fall": fall])
        }
        let p = SignificanceTest.binomialBelow(now, of: total, rate: rate)
        guard p < SignificanceTest.alpha else { return nil }
        evidence.append("Conditional binomial test of the latest count against the window's total: \(Self.p(p)).")
        return Signal(
            id: .attendanceDrift, severity: fall >= 0.4 && p < SignificanceTest.strongAlpha ? .act : .watch,
            summary: "Members are drifting away: headcount down \(Int((fall * 100).rounded()))%.",
            evidence: evidence + perSession, figures: ["fall": fall, "p": p])
    }

    /// follow-through: of the commitments due by the latest session, fewer than half are done;
    /// lists those carried ≥ 2 sessions.
    func followThrough(_ history: GroupHistory) -> Signal? {
        guard let latest = history.sessions.last, let latestIndex = history.index(of: latest.id) else { return nil }
        let today = day(latest.date)
        let positions = history.positions
        let days = history.sessions.map { day($0.date) }
        let due = history.commitments.filter { history.dueFrom($0, positions: positions, days: days).map { $0 <= latestIndex } ?? false }
        let done = due.filter { $0.doneSession != nil }
        guard due.count >= 2, done.count * 2 < due.count else { return nil }
        // A binomial test that fewer than half are kept: 5 due is the least that can show it.
        let needed = SignificanceTest.binomialMinimum(rate: 0.5)
        let p = SignificanceTest.binomialBelow(done.count, of: due.count, rate: 0.5)
        // Carried as the REPL counts it (SessionAge): sessions since the one it was made in.
        let carried = history.commitments.compactMap { c -> (GroupHistory.CommitmentEntry, made: Int, carried: Int)? in
            guard c.doneSession == nil, let made = history.index(of: c.madeSession) else { return nil }
            let carried = SessionAge.carried(SessionAge.sessionsOpen(from: made, to: latestIndex))
            return carried >= 2 ? (c, made, carried) : nil
        }
        var evidence = [
            "\(done.count) of \(Plural.count(due.count, "commitment")) due by \(today) \(done.count == 1 ? "is" : "are") done (\(Int((Double(done.count) / Double(due.count) * 100).rounded()))%)."
        ]
        evidence += carried.map { c, made, carried in
            "\(c.owner): \(c.action) (made \(day(history.sessions[made].date)), session \(made + 1); carried \(Plural.count(carried, "session")))."
        }
        let figures = ["due": Double(due.count), "done": Double(done.count)]
        guard due.count >= needed else {
            return .tooFewToTell(
                .followThrough, about: "whether commitments are being kept", sample: .init(has: due.count, needs: needed, of: "commitments due"),
                evidence: evidence, figures: figures)
        }
        guard p < SignificanceTest.alpha else { return nil }
        evidence.append("Binomial test that fewer than half are kept: \(Self.p(p)).")
        return Signal(
            id: .followThrough, severity: Double(done.count) / Double(due.count) < 0.25 && p < SignificanceTest.strongAlpha ? .act : .watch,
            summary: "Commitments are not being kept: \(done.count) of \(due.count) due are done.", evidence: evidence,
            figures: figures.merging(["p": p]) { $1 })
    }

    /// conflict-aging: a conflict still open 3 sessions after it was raised. Not a test: a fact
    /// about one conflict, not an estimate from a sample. Its age counts as
    /// everywhere else (SessionAge): the sessions it has been open in, the first one included.
    func conflictAging(_ history: GroupHistory) -> Signal? {
        guard let latestIndex = history.sessions.indices.last else { return nil }
        let aging = history.conflicts.compactMap { c -> (GroupHistory.ConflictEntry, raised: Int, open: Int)? in
            guard c.resolvedSession == nil, let raised = history.index(of: c.raisedSession) else { return nil }
            let open = SessionAge.sessionsOpen(from: raised, to: latestIndex)
            return SessionAge.isAging(open) ? (c, raised, open) : nil
        }
        guard let oldest = aging.map(\.open).max() else { return nil }
        return Signal(
            id: .conflictAging, severity: SessionAge.carried(oldest) >= 5 ? .act : .watch,
            summary:
                "\(Plural.count(aging.count, "conflict")) \(aging.count == 1 ? "is" : "are") still open \(SessionAge.agingAfter) sessions or more after being raised.",
            evidence: aging.map { c, raised, open in
                "Conflict \(c.number), “\(c.text)”: raised \(day(history.sessions[raised].date)) (session \(raised + 1)), \(SessionAge.conflictText(open))."
            })
    }
}
