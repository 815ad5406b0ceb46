import ConveneCore
import Foundation
import Testing

@testable import ConveneTerminal

/// ConveneTerminal's own pieces, without a terminal: completion from the command table, the
/// prompt, the styler, the piped reader, terminal detection and the shared loop.
@Suite struct TerminalPiecesTests {
    @Test func completionComesFromTheCommandTable() {
        let session = Completer(scope: .session, values: [.activities: ["things-i-suck-at", "trust-walk"], .labels: ["United Way"]])
        #expect(session.complete("/hel").insert == "p ")
        #expect(session.complete("/show th").insert == "ings-i-suck-at ")
        #expect(session.complete("/timer p").insert == "ause ")
        #expect(session.complete("/spoke Un").insert == "ited Way ")
        #expect(session.complete("/help agen").insert == "da ")
        #expect(session.complete("plain note").candidates.isEmpty)
        // Every command of the table completes, and only those.
        #expect(session.commands == CommandSpec.all.map(\.name))
        let home = Completer(scope: .home, values: [.plans: ["monthly-steering"], .groups: ["Reading Coalition"]])
        #expect(home.complete("/start mon").insert == "thly-steering ")
        #expect(home.complete("/group Rea").insert == "ding Coalition ")
        #expect(home.complete("/sh").insert == "ow ")
        let ambiguous = session.complete("/co")
        #expect(ambiguous.candidates == ["commit", "commitments", "conflict", "conflicts"])
    }

    @Test func aliasesAndDidYouMeanComeFromTheSameTable() throws {
        #expect(try CommandParser.parse("/n") == .next)
        #expect(try CommandParser.parse("/q") == .quit)
        #expect(try CommandParser.parse("/? next") == .help("next"))
        #expect(throws: CoreError.self) { try CommandParser.parse("/nxet") }
        do {
            _ = try CommandParser.parse("/nxet")
        } catch {
            #expect(error.description.contains("did you mean /next?"))
        }
        #expect(CommandSpec.named("exit", in: .home)?.name == "quit")
        #expect(CommandSpec.unknown("strat", in: .home).description.contains("did you mean /start?"))
        #expect(CommandSpec.helpLines("n").first?.text == "/next")
        #expect(CommandSpec.helpLines("generate", in: .home).first?.text == "/generate MIN [VALUES] [--size N]")
    }

    @Test func thePromptShowsTheCountNeverTheValues() {
        var state = SessionState()
        state.apply(
            SessionEvent(
                at: Date(timeIntervalSince1970: 0),
                .started(
                    group: "Reading Coalition", plan: "p", title: "P",
                    agenda: [AgendaItem(key: 1, activityID: "a", title: "Things I suck at", plannedMinutes: 20)])))
        state.apply(SessionEvent(at: Date(timeIntervalSince1970: 0), .moved(to: 1, how: .start)))
        state.apply(
            SessionEvent(
                at: Date(timeIntervalSince1970: 0), .pulseOpened(number: 1, question: PulseQuestion(text: "q", answer: .scale), threshold: 5)))
        state.record([PulseAnswer(value: 2, comment: "secret")], pulse: 1)
        let now = Date(timeIntervalSince1970: 90)
        #expect(Prompt.text(for: state, now: now, width: 120) == "convene[1/1 18:30 · pulse 1: 1]> ")
        state.apply(SessionEvent(at: now, .present(count: 9)))
        #expect(Prompt.text(for: state, now: now, width: 120).hasSuffix("· pulse 1: 1 of 9]> "))
        #expect(!Prompt.text(for: state, now: now).contains("secret"))
        // Narrow: the step, the time and the count first, in a third of the width.
        #expect(Prompt.text(for: state, now: now, width: 60) == "[1/1 18:30 p1 1/9]> ")
    }

    @Test func thePromptNamesTheGroupOnlyWhenItFits() {
        var state = SessionState()
        state.apply(
            SessionEvent(
                at: Date(timeIntervalSince1970: 0),
                .started(
                    group: "Reading Coalition", plan: "p", title: "P",
                    agenda: [AgendaItem(key: 1, activityID: "a", title: "Things I suck at", plannedMinutes: 20)])))
        state.apply(SessionEvent(at: Date(timeIntervalSince1970: 0), .moved(to: 1, how: .start)))
        let now = Date(timeIntervalSince1970: 90)
        #expect(Prompt.text(for: state, now: now, width: 120) == "convene[1/1 18:30 · Reading Coalition]> ")
        #expect(Prompt.text(for: state, now: now, width: 60) == "convene[1/1 18:30]> ")
        for width in [40, 60, 80, 120, 200] { #expect(Prompt.text(for: state, now: now, width: width).count <= max(20, width / 3)) }
    }

    @Test func barsAndTableRowsFitTheWidth() {
        let rows = [
            OutputLine("  United Way   12  60.0% ", bar: .init(fraction: 0.6, after: " > 2× fair share")),
            OutputLine("  /commit OWNER: ACTION [by DATE]   record a commitment that is carried to later sessions until done", hang: 36),
        ]
        for width in [60, 120] {
            let text = Styler(colour: false, width: width).render(rows)
            #expect(text.split(separator: "\n").allSatisfy { TerminalText.displayWidth(String($0)) <= width }, "\(text)")
            #expect(text.contains("█") && text.contains("> 2× fair share"))
        }
        // At 120 columns the bar has its full 30 columns (60% of them); a row's last column wraps
        // under itself where it has room, and at 60 columns the row is stacked below its first column.
        #expect(Styler(colour: false, width: 120).render([rows[0]]).contains(String(repeating: "█", count: 18) + " >"))
        let under = Styler(colour: false, width: 80).render([rows[1]]).split(separator: "\n").map(String.init)
        #expect(
            under == [
                "  /commit OWNER: ACTION [by DATE]   record a commitment that is carried to later",
                String(repeating: " ", count: 36) + "sessions until done",
            ])
        let stacked = Styler(colour: false, width: 60).render([rows[1]]).split(separator: "\n")
        #expect(
            stacked.first == "  /commit OWNER: ACTION [by DATE]"
                && stacked.dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
    }

    @Test func aCardIsCutToTheScreenWithALineAboutTheRest() {
        let lines = (1...50).map { OutputLine("line \($0)") }
        let screen = Styler(colour: false, width: 60, height: 40).renderFirstScreen(lines).split(separator: "\n")
        #expect(screen.count == 39 && screen.last == "… 12 more lines: /card shows the whole card.")
        #expect(Styler(colour: false, width: 60).renderFirstScreen(lines).split(separator: "\n").count == 50, "no rows known: nothing is cut")
    }

    @Test func theStylerWrapsAndPaintsOnlyWhenAllowed() {
        let plain = Styler(colour: false, width: 20)
        let text = plain.render([OutputLine("a fairly long line of words to wrap", .warning)])
        #expect(!text.contains("\u{1B}"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 20 })
        #expect(Styler(colour: true, width: 80).render([OutputLine("x", .error)]) == "\u{1B}[1;31mx\u{1B}[0m\n")
    }

    @Test func colourIsOffForNoColorDumbTerminalsAndPipes() {
        #expect(!TerminalInfo.current(environment: ["NO_COLOR": "1", "TERM": "xterm"]).colour)
        #expect(!TerminalInfo.current(environment: ["TERM": "dumb"]).colour)
        // Under `swift test` standard output is not a terminal.
        #expect(!TerminalInfo.current(environment: ["TERM": "xterm"]).colour)
    }

    func pipe(_ bytes: [UInt8]) -> Int32 {
        var fds: [Int32] = [0, 0]
        _ = Glibc.pipe(&fds)
        bytes.withUnsafeBytes { _ = Glibc.write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        return fds[0]
    }

    @Test func thePipedReaderChecksEveryLine() {
        let reader = PipedLineReader(fd: pipe(Array("/agenda\r\nnote\n".utf8) + [0xFF, 0x0A] + Array("last".utf8)))
        #expect(reader.readLine(prompt: "") == .line("/agenda"))
        #expect(reader.readLine(prompt: "") == .line("note"))
        #expect(reader.readLine(prompt: "") == .invalid("input line 3 is not valid UTF-8 text: nothing was saved from it"))
        #expect(reader.readSecret(prompt: "close word> ") == .line("last"))
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.participantReader() === reader)
    }

    final class Lines: LineReading {
        var inputs: [LineInput]
        var isPrivate = false
        init(_ inputs: [LineInput]) { self.inputs = inputs }
        func readLine(prompt: String) -> LineInput { inputs.isEmpty ? .endOfInput : inputs.removeFirst() }
        func readSecret(prompt: String) -> LineInput { readLine(prompt: prompt) }
        func participantReader() -> LineReading { self }
    }

    @Test func theLoopGoesOnAtATerminalAndStopsAScriptOnABadLine() {
        var failures: [String] = []
        var handled: [String] = []
        var ended = 0
        let interactive = ReplLoop.run(
            reader: Lines([.interrupted, .invalid("bad bytes"), .line("a"), .line("b")]), interactive: true,
            prompt: { "> " }, fail: { failures.append($0) }, atEnd: { ended += 1 },
            handle: {
                handled.append($0)
                return nil
            })
        #expect(interactive == .done && failures == ["bad bytes"] && handled == ["a", "b"] && ended == 1)
        let script = ReplLoop.run(
            reader: Lines([.invalid("bad bytes"), .line("never")]), interactive: false,
            prompt: { "" }, fail: { failures.append($0) }, atEnd: { ended += 1 },
            handle: {
                handled.append($0)
                return nil
            })
        #expect(script == .failed(.badInput) && handled == ["a", "b"])
        let stopped = ReplLoop.run(
            reader: Lines([.line("/end"), .line("never")]), interactive: false,
            prompt: { "" }, fail: { _ in }, atEnd: {}, handle: { _ in .done })
        #expect(stopped == .done)
    }
}
