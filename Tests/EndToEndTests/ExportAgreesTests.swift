import Foundation
import Testing

/// The export is what the group sent to its partners: it must say what `sessions show` says, after
/// every slip a facilitator can take back (a note undone, deleted or edited).
@Suite struct ExportAgreesTests {
    @Test func theExportCarriesNotesAsTheyStandAfterUndoDeleteAndEdit() throws {
        let sandbox = Sandbox()
        let script =
            [
                "the kept note", "a line taken back", "/undo", "a line deleted", "/delete 3", "the first wording", "/edit 4 the last wording",
                "/end",
            ].joined(separator: "\n") + "\n"
        let run = try sandbox.run(["start", "monthly-steering", "--group", "Slips"], input: script)
        #expect(run.status == 0, "\(run.stderr)")
        let show = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        let json = try sandbox.run(["export", "--group", "Slips", "--format", "json"])
        let csv = try sandbox.run(["export", "--group", "Slips", "--format", "csv"])
        let listing = try sandbox.run(["sessions", "list", "--group", "Slips", "--format", "json"])
        for (name, result) in [("sessions show", show), ("export json", json), ("export csv", csv)] {
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("the kept note"), "\(name)")
            #expect(result.stdout.contains("the last wording"), "\(name)")
            for gone in ["a line taken back", "a line deleted", "the first wording"] {
                #expect(!result.stdout.contains(gone), "\(name) still carries \(gone)")
            }
        }
        #expect(listing.stdout.contains("\"notes\" : 2") || listing.stdout.contains("\"notes\":2"), "\(listing.stdout)")
    }
}
