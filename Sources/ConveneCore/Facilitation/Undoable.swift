/// What `/undo` can take back: one slip of this session, named exactly, so that replaying the
/// `undone` event (on resume, and in the store) needs no search and always agrees.
public enum Undoable: Codable, Sendable, Equatable {
    /// Note N, as `/notes` numbers them.
    case note(number: Int)
    /// One speaking turn of a label.
    case turn(label: String)
    case conflict(number: Int)
    case resolution(number: Int)
    case commitment(number: Int)
    case done(number: Int)
    case agreement(number: Int)
    case retirement(number: Int)
    case decision(number: Int)
    case stance(label: String)
    /// A step added (`/add`, `/add-item`) or dropped (`/drop`, from step `index` + 1), by its key.
    case added(key: Int)
    case dropped(key: Int, index: Int)
    /// A relabel, with what it moved so that taking it back splits a merge exactly: `turns` of
    /// OLD from its place `at` in the airtime list (`merged` when NEW already had turns) and the
    /// commitments whose owner it changed.
    case relabel(from: String, to: String, turns: Int, at: Int, merged: Bool, commitments: [Int])

    /// How the facilitator and the summary name it. No free text (a note, a conflict's words): a
    /// slip taken back is not repeated on the screen or in what is shared.
    public var label: String {
        switch self {
        case .note(let number): "note \(number)"
        case .turn(let label): "a turn of \(TerminalText.sanitize(label, singleLine: true))"
        case .conflict(let number): "conflict \(number)"
        case .resolution(let number): "the resolution of conflict \(number)"
        case .commitment(let number): "commitment \(number)"
        case .done(let number): "commitment \(number) marked done"
        case .agreement(let number): "working agreement \(number)"
        case .retirement(let number): "the retirement of agreement \(number)"
        case .decision(let number): "decision \(number)"
        case .stance(let label): "the stance of \(TerminalText.sanitize(label, singleLine: true))"
        case .added: "the step added"
        case .dropped(_, let index): "the drop of step \(index + 1)"
        case .relabel(let from, let to, _, _, _, _):
            "the relabel of \(TerminalText.sanitize(from, singleLine: true)) as \(TerminalText.sanitize(to, singleLine: true))"
        }
    }
}
