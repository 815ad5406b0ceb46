import Foundation
import Testing

@testable import ConveneTerminal

/// The pass round's keys read without echo, and a script's reader that speaks while it waits.
@Suite struct QuietReadingTests {
    func typed(_ keys: String) -> UnechoedLine.Step {
        var line = UnechoedLine()
        for byte in keys.utf8 {
            let step = line.feed(byte)
            if step != .more { return step }
        }
        return .more
    }

    @Test func blindEditingKeepsNothingForAYank() {
        #expect(typed("4 fine\r") == .line("4 fine"))
        #expect(typed("4 fine\n") == .line("4 fine"))
        // Ctrl-A then Ctrl-K: the whole line is gone, and Ctrl-Y brings nothing back.
        #expect(typed("2 the director lies\u{01}\u{0B}\u{19}4 ok\r") == .line("4 ok"))
        // Ctrl-U deletes to the start, Ctrl-W the word before, Backspace a whole character.
        #expect(typed("secret\u{15}3\r") == .line("3"))
        #expect(typed("4 very  \u{17}good\r") == .line("4 good"))
        #expect(typed("4 café\u{7F}e\r") == .line("4 cafe"))
        // Ctrl-A, then typing goes in front; Ctrl-E back to the end.
        #expect(typed("fine\u{01}4 \u{05}!\r") == .line("4 fine!"))
        // Arrows and other escape sequences type nothing (Up recalls nothing); nor do Tab or Ctrl-L.
        #expect(typed("\u{1B}[A\u{1B}[A\u{1B}OB\u{1B}[1;5C\t\u{0C}5\r") == .line("5"))
        #expect(typed("\u{03}") == .interrupted)
        #expect(typed("\u{04}") == .endOfInput)
        #expect(typed("4\u{04}\r") == .line("4"))
    }

    @Test func thePipedReaderSpeaksWhileItWaitsAndStopsWhenTheLineComes() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let reader = PipedLineReader(fd: ends[0])
        var calls = 0
        let writer = ends[1]
        reader.whileWaiting = {
            calls += 1
            // The line arrives while the reader waits.
            if calls == 2 {
                _ = "/agenda\n".withCString { write(writer, $0, 8) }
                close(writer)
            }
        }
        #expect(reader.readLine(prompt: "") == .line("/agenda"))
        // At least the two waits before the line (more when a loaded machine delays the pipe, as in
        // CI's parallel suites); none once the line and the end have come.
        #expect(calls >= 2)
        let seen = calls
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(calls == seen)
    }
}
