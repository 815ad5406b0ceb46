/// The keys of a line typed without echo (the pass round's prompts), one byte at a time. Nothing is
/// drawn, so editing is kept to what works blind: Backspace, Ctrl-A and Ctrl-E (start and end),
/// Ctrl-K and Ctrl-U (delete to the end or the start), Ctrl-W (the word before). Deleted text is
/// gone, not kept for a yank; escape sequences (arrows) and other control keys are dropped, so
/// neither Up nor Ctrl-Y can bring back anything anyone typed.
struct UnechoedLine {
    enum Step: Equatable {
        case more
        case line(String)
        /// Ctrl-C.
        case interrupted
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    private(set) var bytes: [UInt8] = []
    private(set) var cursor = 0
    /// Inside an escape sequence: after ESC, and after `ESC [` or `ESC O` until the final byte.
    private var escape: Escape = .none

    private enum Escape {
        case none, started, sequence
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func feed(_ byte: UInt8) -> Step {
        switch escape {
        case .started:
            escape = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .sequence : .none
            return .more
        case .sequence:
            if (0x40...0x7E).contains(byte) { escape = .none }
            return .more
        case .none:
            break
        }
        switch byte {
        case 0x0A, 0x0D: return .line(text)
        case 0x03: return .interrupted
        case 0x04: return bytes.isEmpty ? .endOfInput : .more
        case 0x1B: escape = .started
        case 0x01: cursor = 0
        case 0x05: cursor = bytes.count
        case 0x0B: bytes.removeSubrange(cursor...)
        case 0x15:
            bytes.removeSubrange(..<cursor)
            cursor = 0
        case 0x17: deleteWord()
        case 0x7F, 0x08: deleteCharacter()
        case 0x20...0x7E, 0x80...:
            bytes.insert(byte, at: cursor)
            cursor += 1
        default: break  // other control keys (Tab, Ctrl-Y, Ctrl-L…) type nothing
        }
        return .more
    }

    /// One whole UTF-8 character back.
    private mutating func deleteCharacter() {
        while cursor > 0 {
            cursor -= 1
            let byte = bytes.remove(at: cursor)
            if byte & 0xC0 != 0x80 { break }
        }
    }

    /// Spaces before the cursor, then the word before them.
    private mutating func deleteWord() {
        var start = cursor
        while start > 0, bytes[start - 1] == 0x20 { start -= 1 }
        while start > 0, bytes[start - 1] != 0x20 { start -= 1 }
        bytes.removeSubrange(start..<cursor)
        cursor = start
    }
}
