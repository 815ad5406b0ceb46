import ConveneCore
import Foundation
import Testing

@testable import ConveneStore

@Suite struct LibraryCacheTests {
    static let card = """
        ---
        id: arrive
        title: TITLE
        kind: checkin
        values: [collaboration]
        minutes: {min: 5, typical: 10, max: 15}
        group: {min: 3, max: 30}
        intensity: low
        addresses: [trust-decline]
        phase: open
        per-person: 20
        ---
        ## Purpose
        Why.

        ## Steps
        1. Round (5 min)

        ## Say
        "Words."

        ## Debrief
        - Q?

        ## Watch for
        - Risk.

        ## Variations
        - Other.
        """

    @Test func aChangedFileIsReadAgainAndAnUnchangedOneComesFromTheCache() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convene-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/activities", withIntermediateDirectories: true)
        let file = root + "/activities/arrive.md"
        try Self.card.replacingOccurrences(of: "TITLE", with: "First").write(toFile: file, atomically: true, encoding: .utf8)
        let sources = [LibraryCache.Source(root: root, layer: .shipped)]
        #expect(try LibraryCache.load(sources, cacheFolder: root + "/cache")["arrive"]?.title == "First")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/cache").count == 1)
        #expect(try LibraryCache.load(sources, cacheFolder: root + "/cache")["arrive"]?.title == "First")
        try Self.card.replacingOccurrences(of: "TITLE", with: "Second title").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try LibraryCache.load(sources, cacheFolder: root + "/cache")["arrive"]?.title == "Second title")
        // A broken file is reported from the cache too.
        try "---\nid: arrive\n---\n".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try LibraryCache.load(sources, cacheFolder: root + "/cache")
        #expect(broken["arrive"] == nil)
        #expect(!broken.problems.isEmpty)
        #expect(try LibraryCache.load(sources, cacheFolder: root + "/cache").problems == broken.problems)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test func theShippedLibraryComesBackFromTheCacheUnchanged() throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("convene-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let sources = [LibraryCache.Source(root: Self.repository, layer: .shipped)]
        let parsed = try LibraryCache.load(sources, cacheFolder: cache)
        let cached = try LibraryCache.load(sources, cacheFolder: cache)
        #expect(parsed.activities.count >= 70)
        #expect(parsed.plans.count >= 8)
        #expect(cached.activities == parsed.activities)
        #expect(cached.plans == parsed.plans)
        #expect(cached.problems == parsed.problems)
        // Every optional and every kind of field is somewhere in the shipped library.
        #expect(parsed.activities.values.contains { $0.pulse?.scale != nil } && parsed.activities.values.contains { $0.followWith != nil })
        #expect(parsed.plans.values.contains { $0.notes != nil } && parsed.plans.values.contains { $0.agenda.contains(where: \.isPulse) })
    }

    @Test func aDamagedCacheIsRebuiltNotTrusted() {
        var library = LibraryCache.encode(Library(files: []), fingerprint: "f")
        #expect(LibraryCache.cached(Data(library), fingerprint: "f") != nil)
        #expect(LibraryCache.cached(Data(library), fingerprint: "other files") == nil)
        let problem = LibraryProblem(file: "activities/a.md", line: 3, message: "unknown field \"x\"")
        library = LibraryCache.encode(Library(activities: [:], plans: [:], problems: [problem]), fingerprint: "f")
        #expect(LibraryCache.cached(Data(library), fingerprint: "f")?.problems == [problem])
        // Cut short, or with any byte changed, it is refused or still reads; it never crashes.
        let shipped = LibraryCache.encode(try! LibraryCache.load([.init(root: Self.repository, layer: .shipped)], cacheFolder: nil), fingerprint: "f")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            #expect(LibraryCache.cached(Data(shipped[0..<Int.random(in: 0..<shipped.count, using: &generator)]), fingerprint: "f") == nil)
            var damaged = shipped
            damaged[Int.random(in: 0..<shipped.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            _ = LibraryCache.cached(Data(damaged), fingerprint: "f")
        }
    }

    /// The fuzzer's seeds (make fuzz mutates them) are real caches, so it explores past the header.
    @Test func theFuzzSeedsAreReadableCaches() throws {
        let folder = Self.repository + "/Tests/ConveneCoreTests/FuzzCorpus/cache"
        let small = try #require(LibraryCache.cached(try Data(contentsOf: URL(fileURLWithPath: folder + "/small-library.bin")), fingerprint: "fuzz"))
        #expect(small.activities["trust-pulse"]?.pulse?.scale?.highLabel == "high")
        #expect(small.activities["arrive"]?.followWith == "trust-pulse")
        #expect(small.plans["monthly"]?.agenda.map(\.isPulse) == [false, true])
        #expect(small.problems.map(\.description) == ["activities/bad.md:3: unknown field \"x\""])
        #expect(
            LibraryCache.cached(try Data(contentsOf: URL(fileURLWithPath: folder + "/empty-library.bin")), fingerprint: "fuzz")?.activities.isEmpty
                == true)
    }
}
