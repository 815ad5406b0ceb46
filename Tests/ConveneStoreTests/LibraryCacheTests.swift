import ConveneCore
@testable import ConveneStore
import Foundation
import Testing

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
}
