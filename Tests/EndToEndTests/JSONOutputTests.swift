import Foundation
import Testing

/// Every --format json / --json output escapes what a terminal would act on (bidi and C1 controls).
@Suite struct JSONOutputTests {
    @Test func groupNamesWithControlsAreEscapedInSessionListings() throws {
        let sandbox = Sandbox()
        let name = "East\u{202E}side\u{9B}31m"
        #expect(try sandbox.run(["start", "monthly-steering", "--group", name], input: "/end\n").status == 0)
        let listing = try sandbox.run(["sessions", "list", "--format", "json"])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(!listing.stdout.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x9B })
        #expect(listing.stdout.contains("East\\u202Eside\\u009B31m"), "\(listing.stdout)")
    }
}
