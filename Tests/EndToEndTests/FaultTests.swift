import Foundation
import Testing

/// kill -9 during sessions and web bursts, a full disk, a read-only store, two REPLs on one store.
/// `make test` runs a short loop; `make faults` runs the long one (250 kills).
@Suite struct FaultTests {
    @Test func killsFullDiskReadOnlyAndTwoREPLsLoseNothing() throws {
        let result = try Sandbox().python("scripts/faults.py", ["30"])
        let text = result.stdout
        #expect(result.status == 0, "\(text)")
        #expect(text.contains("0 lost"))
        #expect(text.contains("faults ok"))
    }
}
