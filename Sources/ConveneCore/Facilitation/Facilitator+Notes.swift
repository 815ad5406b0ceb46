import Foundation

/// This session's notes: listed with their numbers, edited and deleted by number (as events).
extension Facilitator {
    func notesLines(_ state: SessionState) -> [OutputLine] {
        guard !state.notes.isEmpty else { return [.dim("No notes yet. Plain text (or /note TEXT) notes on the current activity.")] }
        var lines: [OutputLine] = [.heading("Notes · \(state.notes.count)")]
        let width = String(state.notes.map(\.number).max() ?? 1).count
        for note in state.notes {
            let step = state.agenda.firstIndex { $0.key == note.item }.map { "step \($0 + 1)" } ?? "dropped step"
            let number = String(repeating: " ", count: width - String(note.number).count) + String(note.number)
            // The text wraps under itself, so a long note stays readable at 60 columns.
            lines.append(OutputLine("  \(number). \(clean(note.text)) · \(step)", hang: width + 4))
        }
        lines.append(.dim("/edit N TEXT replaces a note, /delete N deletes it."))
        return lines
    }

    func existingNote(_ state: SessionState, _ number: Int, command: String) throws(CoreError) -> SessionState.Note {
        guard let note = state.note(number: number) else {
            let numbers = state.notes.map { String($0.number) }
            throw .usage(
                "no note \(number) in this session: /notes lists \(numbers.isEmpty ? "none yet" : numbers.count == 1 ? "note \(numbers[0])" : "notes \(numbers.joined(separator: ", "))") (/\(command) N)"
            )
        }
        return note
    }

    func editNote(_ state: SessionState, _ number: Int, text: String, now: Date) throws(CoreError) -> Step {
        let note = try existingNote(state, number, command: "edit")
        guard note.text != text else { throw .refused("note \(number) already says that") }
        return apply(
            state, [SessionEvent(at: now, .noteEdited(number: number, text: text))],
            output: [OutputLine("Note \(number) now reads: \(clean(text))", .success)])
    }

    func deleteNote(_ state: SessionState, _ number: Int, now: Date) throws(CoreError) -> Step {
        let note = try existingNote(state, number, command: "delete")
        return apply(
            state, [SessionEvent(at: now, .noteDeleted(number: number))],
            output: [OutputLine("Deleted note \(number) (“\(clean(Self.excerpt(note.text)))”). The other notes keep their numbers.", .success)])
    }
}
