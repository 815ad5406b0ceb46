import ConveneCore
import ConveneStore
import Foundation
import Testing

@testable import ConveneSession
@testable import ConveneTerminal

/// The home screen driven in process: its commands read by their rows of `CommandSpec.home`, the
/// same store and library as a session, and the program's parts (asking about a near name, running
/// a session) as hooks that record what they were asked.
@Suite struct HomeScreenTests {
    final class Recorder {
        var sessions: [(plan: Plan, group: String?)] = []
        var outcome: ReplLoop.Outcome = .done
        var failure: (any Error)?
    }

    static func home(
        _ lines: [String], store: AppDatabase, group: GroupRecord? = nil, recorder: Recorder = Recorder(),
        interactive: Bool = false
    ) -> (outcome: ReplLoop.Outcome, output: BufferOutput, screen: HomeScreen) {
        let output = BufferOutput()
        let hooks = HomeScreen.Hooks(
            findOrCreateGroup: { name in try store.createGroup(named: name, at: Harness.t0) },
            resolvePlan: { name in
                guard let plan = Harness.library.plans[name] else { throw CoreError.usage("no plan \"\(name)\"") }
                return plan
            },
            runSession: { plan, group in
                if let failure = recorder.failure { throw failure }
                recorder.sessions.append((plan, group?.name))
                return recorder.outcome
            }
        )
        let screen = HomeScreen(
            store: store, library: Harness.library, group: group, hooks: hooks, reader: ScriptedReader(lines), output: output,
            styler: Styler(colour: false, width: 100, height: .max), interactive: interactive, clock: { Harness.t0 })
        return (screen.run(), output, screen)
    }

    /// Issue 25: `clear` is a home command (it was "unknown command /clear"); a script's output stays whole.
    @Test func clearClearsATerminalOnly() throws {
        let (outcome, output, _) = Self.home(["clear", "/quit"], store: try AppDatabase.inMemory(), interactive: true)
        #expect(outcome == .done && output.errors.isEmpty, "\(output.errors)")
        #expect(output.text.contains("\u{1B}[2J"))
        let (_, piped, _) = Self.home(["/clear", "/quit"], store: try AppDatabase.inMemory())
        #expect(piped.errors.isEmpty && !piped.text.contains("\u{1B}[2J"))
    }

    @Test func aGroupIsPickedOrCreatedAndSaysSo() throws {
        let store = try AppDatabase.inMemory()
        let (outcome, output, screen) = Self.home(["/group", "group Reading Coalition", "/groups", "/quit"], store: store)
        #expect(outcome == .done && output.errors.isEmpty, "\(output.errors)")
        #expect(output.text.contains("No group chosen: /group NAME picks or creates one."))
        #expect(output.text.contains("Created the group Reading Coalition."))
        #expect(output.text.contains("  Reading Coalition (threshold"))
        #expect(screen.group?.name == "Reading Coalition")
        #expect(screen.prompt == "convene[Reading Coalition]> ")
    }

    @Test func startRunsTheNamedOrDefaultPlanForTheCurrentGroupAndEndsTheHome() throws {
        let store = try AppDatabase.inMemory()
        let group = try store.createGroup(named: "Reading Coalition", at: Harness.t0)
        let recorder = Recorder()
        let (outcome, _, _) = Self.home(["/start", "/plans"], store: store, group: group, recorder: recorder)
        #expect(outcome == .done)
        #expect(recorder.sessions.map(\.plan.name) == [HomeScreen.defaultPlan])
        #expect(recorder.sessions.map(\.group) == ["Reading Coalition"])
        let named = Self.home(["start learning-review"], store: store, group: group, recorder: recorder)
        #expect(named.outcome == .done && recorder.sessions.last?.plan.name == "learning-review")
    }

    @Test func generateMakesThePlanConvenePlanMakesTodayAndStartGeneratedRunsIt() throws {
        let store = try AppDatabase.inMemory()
        let recorder = Recorder()
        let (outcome, output, screen) = Self.home(
            ["/start generated", "/generate 120 inclusion --size 25", "/start generated"], store: store, recorder: recorder,
            interactive: true)
        #expect(outcome == .done)
        #expect(output.errors.contains("nothing generated yet"))
        #expect(output.text.contains("Generated plan · 120 min") && output.text.contains("Break · 10 min"), "\(output.text)")
        let day = CivilClock.local.day(Harness.t0)
        let expected = try PlanOrder(minutes: 120, focus: [.inclusion], size: 25).plan(library: Harness.library, day: day)
        #expect(recorder.sessions.first?.plan.agenda.map(\.id) == expected.agenda.map(\.id))
        #expect(recorder.sessions.first?.plan.name == "generated" && screen.generated != nil)
        #expect(output.text.contains("with seed \(PlanOrder.seed(forDay: day))"))
    }

    @Test func generateAgainGivesTheNextSeed() throws {
        let store = try AppDatabase.inMemory()
        let (_, output, _) = Self.home(["/generate 90", "/generate 90", "/quit"], store: store)
        let seed = PlanOrder.seed(forDay: CivilClock.local.day(Harness.t0))
        #expect(output.text.contains("with seed \(seed).") && output.text.contains("with seed \(seed + 1)."), "\(output.text)")
    }

    @Test func sessionsAndShowReadTheGroupsOwnNumbers() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = live.repl(["/note the room warmed up", "/end"])
        let group = try #require(try store.group(named: "Reading Coalition"))
        let (outcome, output, _) = Self.home(["/sessions", "/show 1", "/show 2"], store: store, group: group)
        #expect(outcome == .failed(.badInput))
        #expect(output.text.contains("     1  ") && output.text.contains("Reading Coalition · "), "\(output.text)")
        #expect(output.text.contains("the room warmed up"))
        #expect(output.errors.contains("Reading Coalition has no session 2: /sessions lists them"))
    }

    @Test func eachRefusalIsBadInputInAScriptAndTheHomeGoesOnAtATerminal() throws {
        let store = try AppDatabase.inMemory()
        for (line, because) in [
            ("/strat", "did you mean /start?"), ("/generate 90 --size none", "--size needs a number"),
            ("/generate 90 fun", "/generate: 'fun' is not one of"), ("/show", "/show needs a session number"),
            ("/show 1", "/group NAME picks one first"), ("/start no-such-plan", "no plan"), ("/groups all", "/groups takes no arguments"),
        ] {
            let script = Self.home([line, "/quit"], store: store)
            #expect(script.outcome == .failed(.badInput), "\(line)")
            #expect(script.output.errors.contains(because), "\(line): \(script.output.errors)")
            let terminal = Self.home([line, "/quit"], store: store, interactive: true)
            #expect(terminal.outcome == .done, "\(line)")
        }
    }

    @Test func aSessionsOutcomeIsTheHomesAndAFailureToStartIsAFailure() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.createGroup(named: "Reading Coalition", at: Date(timeIntervalSince1970: 1_800_000_000))
        let recorder = Recorder()
        recorder.outcome = .failed(.failure)
        #expect(Self.home(["/start", "/quit"], store: store, recorder: recorder).outcome == .failed(.failure))
        recorder.failure = StoreError(.full, "the disk is full")
        let failed = Self.home(["/start", "/quit"], store: store, recorder: recorder)
        #expect(failed.outcome == .failed(.failure) && failed.output.errors.contains("the disk is full"))
    }

    @Test func helpIsTheTableOfTheHomeScreen() throws {
        let store = try AppDatabase.inMemory()
        let (_, output, _) = Self.home(["/help", "? generate", "/q"], store: store)
        for spec in CommandSpec.home { #expect(output.text.contains(spec.usage), "\(spec.name)") }
        #expect(output.text.contains("builds a 90-minute plan for 20 people"))
    }
}
