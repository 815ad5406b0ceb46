import ConveneCore
import ConveneSession
import ConveneStore
import Foundation

/// Group commit: joins and answers that arrive together go to the LiveSession as one batch, written
/// in one synchronous=FULL transaction, and each phone hears back only after that commit. One fsync
/// serves the whole batch.
public actor GroupCommitter {
    enum Job {
        case join(CheckedContinuation<Bool, any Error>)
        case ballot(AppDatabase.Ballot, CheckedContinuation<BallotResult, any Error>)
    }

    let live: LiveSession
    var pending: [Job] = []
    var draining = false
    /// Blocking SQLite writes run here, off the cooperative thread pool.
    let queue = DispatchQueue(label: "convene.group-commit")

    public init(live: LiveSession) {
        self.live = live
    }

    /// Asks the session for a place in the room for a new device: true while fewer devices than
    /// people present hold a token (the count is stored, so a crash does not reset it).
    public func join() async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in enqueue(.join(continuation)) }
    }

    public func submit(_ answer: PulseAnswer, ballot: Data, pulse: Int) async throws -> BallotResult {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(.ballot(AppDatabase.Ballot(answer: answer, key: ballot, pulse: pulse), continuation))
        }
    }

    func enqueue(_ job: Job) {
        pending.append(job)
        if !draining {
            draining = true
            Task { await self.drain() }
        }
    }

    func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            var joins = 0
            var ballots: [AppDatabase.Ballot] = []
            for job in batch {
                switch job {
                case .join: joins += 1
                case .ballot(let ballot, _): ballots.append(ballot)
                }
            }
            let live = self.live
            let joinCount = joins
            let batchBallots = ballots
            // While this batch is written, new requests queue up for the next one.
            let outcome: Result<(granted: Int, results: [BallotResult]), SessionError> = await withCheckedContinuation { done in
                queue.async {
                    do throws(SessionError) {
                        done.resume(returning: .success(try live.commitWeb(joins: joinCount, ballots: batchBallots)))
                    } catch {
                        done.resume(returning: .failure(error))
                    }
                }
            }
            switch outcome {
            case .success(let committed):
                var granted = committed.granted
                var results = committed.results[...]
                for job in batch {
                    switch job {
                    case .join(let continuation):
                        continuation.resume(returning: granted > 0)
                        granted -= 1
                    case .ballot(_, let continuation):
                        continuation.resume(returning: results.popFirst() ?? .closed)
                    }
                }
            case .failure(let error):
                for job in batch {
                    switch job {
                    case .join(let continuation): continuation.resume(throwing: error)
                    case .ballot(_, let continuation): continuation.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }
}
