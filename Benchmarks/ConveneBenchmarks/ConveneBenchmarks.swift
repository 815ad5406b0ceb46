import Benchmark
import ConveneCore
import ConveneStore
import Foundation

/// In-process figures behind the whole-process ones of bench/bench.py: the pieces a start, a
/// command and a closed pulse are made of. Run by make bench (swift package benchmark).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(2), maxIterations: 2_000)

    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    let sources = [LibraryCache.Source(root: repository, layer: .shipped)]
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("convene-benchmark-cache").path

    Benchmark("Library from the cache (a warm start)") { benchmark in
        _ = try LibraryCache.load(sources, cacheFolder: cache)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try LibraryCache.load(sources, cacheFolder: cache)) }
    }

    // The cache held JSON before; decoding it costs more again in a fresh process, where every
    // Codable type is resolved for the first time (BENCHMARKS.md).
    let parsed = try! LibraryCache.load(sources, cacheFolder: nil)
    let json = try! JSONEncoder().encode(JSONLibrary(activities: parsed.activities, plans: parsed.plans))
    Benchmark("Library from a JSON cache (the format before, for comparison)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONDecoder().decode(JSONLibrary.self, from: json)) }
    }

    Benchmark("Library parsed from every card (a cold start)", configuration: .init(maxIterations: 50)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try LibraryCache.load(sources, cacheFolder: nil)) }
    }

    let lines = [
        "a note about the budget", "/pulse trust-at-this-table", "/commit Ana \"send the draft\" --due +2w", "/spoke \"Org B\"", "/timer +5",
        "/end --out summary.md",
    ]
    Benchmark("REPL line parsed (6 kinds)") { benchmark in
        for _ in benchmark.scaledIterations {
            for line in lines { blackHole(try? CommandParser.parse(line)) }
        }
    }

    let hostile = String(repeating: "ok \u{1B}[2J\u{202E}evil\u{7}\u{9B}31m ", count: 25)
    Benchmark("Participant comment sanitized (500 characters, hostile)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(TerminalText.sanitize(hostile)) }
    }

    let question = PulseQuestion(
        text: "How much do you trust this table?", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully"))
    var seed = SystemRandomNumberGenerator()
    let answers = (0..<700).map { _ in PulseAnswer(value: Int.random(in: 1...5, using: &seed), comment: Bool.random(using: &seed) ? "a comment" : nil)
    }
    let pulse = PulseState(number: 1, question: question, openedAt: Date(), closedAt: Date(), answers: answers)
    Benchmark("Results of a closed pulse (700 answers)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(PulseResult(pulse: pulse, threshold: 5, present: 700)) }
    }
}

struct JSONLibrary: Codable {
    var activities: [String: Activity]
    var plans: [String: Plan]
}
