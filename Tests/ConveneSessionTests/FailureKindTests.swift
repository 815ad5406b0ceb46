import ConveneCore
import ConveneStore
import ConveneTerminal
import ConveneWeb
import Foundation
import Testing

@testable import ConveneSession

/// Each module's error says whether it is bad input or a failure, and one mapping gives the exit
/// code: 2 for bad input, 1 for a failure (DESIGN.md "Command line").
@Suite struct FailureKindTests {
    @Test func theOneMappingFromKindToExitCode() {
        #expect(FailureKind.badInput.exitCode == 2)
        #expect(FailureKind.failure.exitCode == 1)
    }

    @Test func everyErrorTypeSaysItsKind() {
        let cases: [(any Error, FailureKind)] =
            [
                (CoreError.usage("unknown command"), .badInput),
                (CoreError.refused("no commitment 9"), .badInput),
                (CoreError(.library, "a broken card"), .failure),
                (ConfigError(file: "config.yaml", line: 1, key: "color", message: "'sometimes' is not one of: on, off, auto"), .badInput),
                (SessionError(.input, "pulse 1 is not open"), .badInput),
                (SessionError(.store, "the disk is full"), .failure),
                (WebError("/web on takes ADDRESS[:PORT]", kind: .badInput), .badInput),
                (WebError("could not serve the participants' page"), .failure),
                (CancellationError(), .failure),
            ] + [StoreError.Kind.cannotOpen, .inUse, .readOnly, .full, .corrupt, .failed].map { (StoreError($0, "store"), FailureKind.failure) }
            + [StoreError.Kind.notFound, .refused].map { (StoreError($0, "store"), FailureKind.badInput) }
        for (error, kind) in cases {
            #expect(FailureKind(of: error) == kind, "\(type(of: error)): \(error)")
        }
    }

    /// /web on waits for its server synchronously: it runs off the test pool (`Harness.offPool`).
    @Test func aPageThatCannotBeServedIsAFailureAndABadAddressBadInput() async throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(4))
        let kinds: [FailureKind?] = await Harness.offPool {
            let web = WebController(live: live, width: 100)
            // A bad address, then an address of no interface on this machine (TEST-NET-1).
            let binds: [String] = ["127.0.0.1:port", "192.0.2.1:8080"]
            return binds.map { (bind: String) -> FailureKind? in
                do {
                    _ = try web.perform(.on(bind: bind))
                    return nil
                } catch {
                    return FailureKind(of: error)
                }
            }
        }
        #expect(kinds == [.badInput, .failure])
        // In a script, the same failure ends the REPL with exit 1 (it was 2 before).
        let (outcome, output, _) = await live.replOffPool(["/web on 192.0.2.1:8080"])
        #expect(outcome == .failed(.failure), "\(output.errors)")
    }

    /// A reader that runs `action` just before it hands out line `at` (0-based).
    final class MeddlingReader: LineReading {
        let inner: ScriptedReader
        var reads = 0
        let at: Int
        let action: () -> Void
        var isPrivate: Bool {
            get { inner.isPrivate }
            set { inner.isPrivate = newValue }
        }

        init(_ lines: [String], at: Int, action: @escaping () -> Void) {
            inner = ScriptedReader(lines)
            self.at = at
            self.action = action
        }

        func next(_ read: (ScriptedReader) -> LineInput) -> LineInput {
            if reads == at { action() }
            reads += 1
            return read(inner)
        }

        func readLine(prompt: String) -> LineInput { next { $0.readLine(prompt: prompt) } }
        func readSecret(prompt: String) -> LineInput { next { $0.readSecret(prompt: prompt) } }
        func participantReader() -> LineReading { self }
    }

    @Test func thePassRoundTellsAnAnswerItCannotTakeFromAFullRoom() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(3))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        // Lines: /pass, the close word, "4" (saved), then the pulse is closed from elsewhere before "5".
        let reader = MeddlingReader(["/pass", "bluebird", "4", "5", "bluebird", "/quit"], at: 3) {
            _ = try? live.perform(.close(force: true))
        }
        let output = BufferOutput()
        let runner = SessionRunner(
            live: live, reader: reader, output: output, styler: Styler(colour: false, width: 100, height: .max), interactive: false)
        runner.clearsScreen = false
        #expect(runner.run() == .done, "\(output.errors)")
        #expect(output.text.contains("That answer was not saved: pulse 1 is not open."), "\(output.text)")
        #expect(!output.text.contains("everyone present has answered"))
        #expect(live.state.pulses[0].count == 1)
    }
}
