import Foundation

/// The one rule for letting answers into a pulse, for the pass round and the phones alike: the
/// pulse is open, the room has been counted, the pulse has room for one more person, and the
/// segment is one the pulse offers. The live session asks it under its lock; the store only
/// inserts what was admitted (a ballot's uniqueness stays a SQL constraint, its last defence).
public enum Admission: Sendable, Equatable {
    case admitted
    /// The pulse is closed, was never opened, or the session has ended.
    case notOpen(pulse: Int)
    /// No headcount yet: k counts people, so answers wait until the room is counted.
    case noHeadcount
    /// The pulse already has an answer for everyone present.
    case full(pulse: Int, answers: Int, present: Int)
    /// The answer names a segment the pulse does not offer (or none when it asks for one).
    case segmentNotOffered(pulse: Int)

    /// Decides a batch in order, each answer counted as admitted before the next is judged.
    public static func decide(_ answers: [(pulse: Int, answer: PulseAnswer)], in state: SessionState) -> [Admission] {
        var taken: [Int: Int] = [:]
        return answers.map { pulse, answer in
            let verdict = decide(answer, pulse: pulse, in: state, alreadyAdmitted: taken[pulse, default: 0])
            if verdict == .admitted { taken[pulse, default: 0] += 1 }
            return verdict
        }
    }

    /// One answer to pulse `number`, with `alreadyAdmitted` answers admitted before it in its batch.
    public static func decide(_ answer: PulseAnswer, pulse number: Int, in state: SessionState, alreadyAdmitted: Int = 0) -> Admission {
        guard !state.isEnded, let pulse = state.openPulse, pulse.number == number else { return .notOpen(pulse: number) }
        guard let present = state.headcount else { return .noHeadcount }
        let answers = pulse.count + alreadyAdmitted
        guard answers < present else { return .full(pulse: number, answers: answers, present: present) }
        guard pulse.question.accepts(segment: answer.segment) else { return .segmentNotOffered(pulse: number) }
        return .admitted
    }

    /// How many of `requested` new phones get a device token, with `holding` tokens out already: no
    /// more phones than people present, and none before the room is counted.
    public static func devices(requested: Int, holding: Int, in state: SessionState) -> Int {
        guard !state.isEnded, let present = state.headcount else { return 0 }
        return max(0, min(requested, present - holding))
    }

    /// What a phone is told.
    public var ballotResult: BallotResult {
        switch self {
        case .admitted: .accepted
        case .notOpen: .closed
        case .noHeadcount, .full: .full
        case .segmentNotOffered: .refused
        }
    }

    /// What the facilitator or the person at the keyboard is told; nil when admitted.
    public var refusal: CoreError? {
        switch self {
        case .admitted:
            nil
        case .notOpen(let pulse):
            .refused("pulse \(pulse) is not open")
        case .noHeadcount:
            Facilitator.headcountFirst
        case .full(let pulse, let answers, let present):
            .refused(
                "pulse \(pulse) has \(Plural.count(answers, "answer")) from \(present) present: the room is full. If someone has not answered, /present \(present + 1) counts them"
            )
        case .segmentNotOffered(let pulse):
            .usage("that segment is not one pulse \(pulse) offers")
        }
    }
}
