import ConveneCore
import ConveneStore
import Foundation

/// Group commit: answers that arrive together are written in one synchronous=FULL transaction, and
/// each participant hears "thank you" only after that commit. One fsync serves the whole batch.
public actor GroupCommitter {
    struct Pending {
        var answer: PulseAnswer
        var ballot: Data
        var pulse: Int
        var continuation: CheckedContinuation<AppDatabase.BallotResult, any Error>
    }

    let store: AppDatabase
    let session: Int64
    var pending: [Pending] = []
    var draining = false
    /// Blocking SQLite writes run here, off the cooperative thread pool.
    let queue = DispatchQueue(label: "convene.group-commit")

    public init(store: AppDatabase, session: Int64) {
        self.store = store
        self.session = session
    }

    public func submit(_ answer: PulseAnswer, ballot: Data, pulse: Int) async throws -> AppDatabase.BallotResult {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(answer: answer, ballot: ballot, pulse: pulse, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let store = self.store, session = self.session
            let items = batch.map { (answer: $0.answer, ballot: $0.ballot, pulse: $0.pulse) }
            // While this batch is written, new submissions queue up for the next one.
            let outcome: Result<[AppDatabase.BallotResult], any Error> = await withCheckedContinuation { done in
                queue.async {
                    do {
                        done.resume(returning: .success(try store.commitBallots(items, session: session)))
                    } catch {
                        done.resume(returning: .failure(error))
                    }
                }
            }
            switch outcome {
            case .success(let results):
                for (item, result) in zip(batch, results) { item.continuation.resume(returning: result) }
            case .failure(let error):
                for item in batch { item.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
