import ArgumentParser
import ConveneCore
import ConveneSession
import ConveneStore
import ConveneWeb
import Foundation

/// Measures durable answers per second (synchronous=FULL): many phones answering at once through
/// group commit, against one commit per answer. For `make bench`; not shown in --help.
struct BenchCommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-commit",
        abstract: "Measure durable answers per second with and without group commit.",
        shouldDisplay: false
    )

    @Option(help: "How many answers.") var answers: Int = 5000
    @Option(help: "How many concurrent submitters.") var clients: Int = 200
    @Flag(help: "One transaction per answer instead of group commit.") var single = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Failure()
        Task {
            do { try await measure() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    final class Failure: @unchecked Sendable { var error: (any Error)? }

    func measure() async throws {
        let context = AppContext(options: global)
        let store = try context.openStoreForWriting()
        let group = try store.createGroup(named: "Commit bench \(UUID().uuidString.prefix(8))", at: Date())
        let question = PulseQuestion(text: "Bench?", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "", highLabel: ""))
        let events = [
            SessionEvent(
                at: Date(),
                .started(
                    group: group.name, plan: "bench", title: "Bench", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 1)])),
            SessionEvent(at: Date(), .moved(to: 1, how: .start)),
            SessionEvent(at: Date(), .present(count: answers)),
            SessionEvent(at: Date(), .pulseOpened(number: 1, question: question)),
        ]
        let session = try store.createSession(group: group, events: events).id!
        // Through the LiveSession, the one door for answers, as a real session's phones are.
        let live = LiveSession(
            store: store, sessionID: session, facilitator: Facilitator(library: context.library),
            state: SessionState.replay(events, context: try store.context(forSession: session)))
        let committer = GroupCommitter(live: live)
        let started = Date()
        if single {
            for index in 0..<answers {
                _ = try live.commitWeb(
                    joins: 0,
                    ballots: [AppDatabase.Ballot(answer: PulseAnswer(value: index % 5 + 1), key: Data("ballot-\(session)-\(index)".utf8), pulse: 1)])
            }
        } else {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                let perClient = (answers + clients - 1) / clients
                for client in 0..<clients {
                    tasks.addTask {
                        for index in 0..<perClient where client * perClient + index < answers {
                            let n = client * perClient + index
                            _ = try await committer.submit(PulseAnswer(value: n % 5 + 1), ballot: Data("ballot-\(session)-\(n)".utf8), pulse: 1)
                        }
                    }
                }
                try await tasks.waitForAll()
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        let stored = try store.answerCount(session: session, pulse: 1)
        let level = try store.synchronousLevel()
        context.print(
            String(
                format: "%@: %d answers stored in %.2f s = %.0f durable answers/s (synchronous=%@)",
                single ? "one commit per answer" : "group commit, \(clients) concurrent", stored, elapsed, Double(stored) / elapsed,
                level == 2 ? "FULL" : "\(level)"))
    }
}
