import Foundation
import Testing

@testable import ConveneFuzz

/// Replays the fuzz corpus (seeds and anything a fuzz run ever found) through every parser.
@Suite struct FuzzCorpusReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus").path

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutBrokenPromises(_ target: FuzzTarget) throws {
        let folder = Self.root + "/" + target.rawValue
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = Array(FileManager.default.contents(atPath: folder + "/" + name) ?? Data())
            #expect(target.run(bytes) == nil, "\(target.rawValue)/\(name)")
        }
    }

    @Test func shortMutationRunsKeepEveryPromise() {
        for target in FuzzTarget.allCases {
            let folder = Self.root + "/" + target.rawValue
            let corpus = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap {
                FileManager.default.contents(atPath: folder + "/" + $0).map { Array($0) }
            }
            var mutator = Mutator(seed: 7)
            for _ in 0..<(target == .frontmatter || target == .plan ? 300 : 3000) {
                let input = mutator.mutate(corpus[Int(mutator.random.next() % UInt64(corpus.count))], corpus: corpus)
                #expect(target.run(input) == nil)
            }
        }
    }
}
