import ConveneCore
import ConveneTerminal
import Foundation
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// Every word a participant reads is in their language, at the keyboard too; and the facilitator,
/// not a stranger, decides when the join code changes. /web on runs off the test pool
/// (`replOffPool`): it waits for its server synchronously.
@Suite struct ParticipantLanguageTests {
    @Test func thePassRoundSpeaksTheGroupsLanguage() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.createGroup(named: "Coalición", at: Harness.t0)
        _ = try store.setLanguage(.es, group: "Coalición")
        let live = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: try #require(try store.group(named: "Coalición")),
            store: store, facilitator: Harness.facilitator, clock: { Harness.t0 }
        ).0
        _ = try live.perform(.present(3))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        let (_, output, reader) = live.repl(["/pass", "bluebird", "cinco", "4 vamos bien", "", "bluebird"], interactive: true)
        #expect(output.text.contains("Pregunta anónima"))
        #expect(output.text.contains("Confío en que las demás organizaciones"))
        #expect(output.text.contains("un número del 1 (para nada) al 5 (plenamente)"))
        #expect(output.text.contains("No se pudo leer esa respuesta"))
        #expect(output.text.contains("Guardada, de forma anónima"))
        #expect(reader.secretPrompts.contains("tu respuesta> ") && reader.secretPrompts.contains("siguiente persona: pulsa Enter> "))
        #expect(!output.text.contains("Anonymous question"))
        // The facilitator's own lines stay in English.
        #expect(output.text.contains("Round closed: 1 answer in this round"))
        #expect(live.state.pulses[0].answers == [PulseAnswer(value: 4, comment: "vamos bien")])
    }

    @Test func aControlCharacterTypedInThePassRoundIsRefusedWhole() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(3))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        let (_, output, _) = live.repl(["/pass", "bluebird", "4 cut\u{0}here", "4 whole", "bluebird"])
        #expect(output.text.contains("control character"))
        #expect(live.state.pulses[0].answers == [PulseAnswer(value: 4, comment: "whole")])
    }

    @Test func trafficLightsAreUnderstoodInEitherLanguage() throws {
        let question = PulseQuestion(text: "How are we doing?", answer: .traffic)
        #expect(try PulseAnswer.parse("verde", for: question).traffic == .green)
        #expect(try PulseAnswer.parse("a", for: question, in: .es).traffic == .yellow)
        #expect(try PulseAnswer.parse("rojo nos falta tiempo", for: question).comment == "nos falta tiempo")
        #expect(throws: CoreError.self) { try PulseAnswer.parse("azul", for: question, in: .es) }
    }

    @Test func webCodeMakesANewCodeOnlyWhenAsked() async throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (_, before, _) = live.repl(["/web code"])
        #expect(before.text.contains("has not been served yet"))
        let (_, output, _) = await live.replOffPool(["/present 5", "/web on", "/web code", "/web off"])
        let codes = output.text.matches(of: /type the code (\d{6})/).map { String($0.output.1) }
        #expect(codes.count == 2)
        #expect(codes.first != codes.last)
        #expect(output.text.contains("New join code \(codes.last ?? "")"))
        #expect(output.text.contains("phones already in stay"))
    }

    @Test func aLoopbackAddressChosenByTheFacilitatorIsNotAWarning() async throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (_, output, _) = await live.replOffPool(["/present 5", "/web on 127.0.0.1:0", "/web off"])
        #expect(output.text.contains("Served on this laptop only (127.0.0.1), as asked"))
        #expect(!output.text.contains("no network address phones could reach"))
    }
}
