import Foundation

/// `/undo`: the last slip of this session taken back, as an event that `SessionState.apply`
/// interprets (so a resumed session and the store agree with what the screen said).
extension Facilitator {
    func undo(_ state: SessionState, now: Date) throws(CoreError) -> Step {
        guard let slip = state.undoable.last else {
            throw .refused("nothing to undo in this session: /undo takes back this session's notes, turns, conflicts, commitments and agreements")
        }
        if case .added(let key) = slip, key == state.currentKey {
            throw .refused("the step added is the current activity: /next or /back first, then /undo takes it back")
        }
        let what = undoneText(slip, in: state)
        let step = apply(state, [SessionEvent(at: now, .undone(slip))])
        let further = step.state.undoable.last.map { " /undo again takes back \(undoneText($0, in: step.state))." } ?? ""
        return Step(state: step.state, events: step.events, output: [OutputLine("Undone: \(what).\(further)", .success)])
    }

    /// The slip as the facilitator recognizes it on their own screen: its label and a few words of it.
    func undoneText(_ slip: Undoable, in state: SessionState) -> String {
        let excerpt: String?
        switch slip {
        case .note(let number): excerpt = state.note(number: number)?.text
        case .conflict(let number), .resolution(let number): excerpt = state.context.conflicts.first { $0.number == number }?.text
        case .commitment(let number), .done(let number):
            excerpt = state.context.commitments.first { $0.number == number }.map { "\($0.owner): \($0.action)" }
        case .agreement(let number), .retirement(let number): excerpt = state.context.agreements.first { $0.number == number }?.text
        case .decision(let number): excerpt = state.context.decisions.first { $0.number == number }?.proposal
        case .stance: excerpt = nil
        case .added(let key), .dropped(let key, _): excerpt = state.item(key: key)?.title
        case .relabel: excerpt = nil
        case .turn(let label):
            let left = (state.airtime.first { Seat.key($0.label) == Seat.key(label) }?.turns ?? 1) - 1
            return "\(slip.label) (\(clean(label)) now has \(Plural.count(left, "turn")))"
        }
        return slip.label + (excerpt.map { " (“\(clean(Self.excerpt($0)))”)" } ?? "")
    }

    static func excerpt(_ text: String, words: Int = 8) -> String {
        let all = text.split(whereSeparator: \.isWhitespace)
        return all.prefix(words).joined(separator: " ") + (all.count > words ? " …" : "")
    }
}
