import Foundation
import Testing

/// The two-session story of issue 4, through the real binary with piped stdin.
@Suite struct RoomStoryTests {
    @Test func theSecondSessionStartsWhereTheFirstLeftOff() throws {
        let sandbox = Sandbox()
        let first = try sandbox.run(
            ["start", "monthly-steering", "--group", "Reading Coalition"],
            input: """
                /present 14
                /conflict Large agencies take credit for grass-roots work
                /conflict Data sharing agreement stalls at the county
                /commit Ana (Eastside Tenants): circulate the survey draft by +2w
                /commit Ben (County Health): bring the data-sharing MOU by next-session
                /commit Chloe (United Way): confirm the spring venue by 2030-03-01
                /resolve 1 agreed that every report names all partners
                /done 3
                /agree Decisions by consent; silence is not consent
                /spoke County Health
                /spoke County Health
                /spoke County Health
                /spoke Eastside Tenants
                /spoke Eastside Tenants
                /spoke Youth Council
                /airtime
                /add pre-mortem at 3
                /drop 2
                /end --out summary-1.md

                """)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        // Airtime by hand: turns 3, 2, 1 of 6 → shares 50.0%, 33.3%, 16.7%;
        // Gini = 2·(1·1 + 2·2 + 3·3)/(3·6) − 4/3 = 28/18 − 24/18 = 2/9 ≈ 0.222.
        #expect(first.stdout.contains("Airtime · 6 turns · Gini 0.22"))
        #expect(first.stdout.contains("50.0%"))
        #expect(first.stdout.contains("33.3%"))
        #expect(first.stdout.contains("16.7%"))
        #expect(first.stdout.contains("Gini coefficient 0.222"))
        let written = try String(contentsOfFile: sandbox.folder + "/summary-1.md", encoding: .utf8)
        #expect(written.contains("- Raised: 2. Data sharing agreement stalls at the county"))
        #expect(written.contains("- Resolved: 1. Large agencies take credit for grass-roots work (agreed that every report names all partners)"))
        #expect(written.contains("added Pre-mortem at step 3"))
        #expect(written.contains("14 present."))

        let second = try sandbox.run(["start", "monthly-steering", "--group", "Reading Coalition"], input: "/end\n")
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let opening = second.stdout.components(separatedBy: "Step 1/").first ?? ""
        #expect(opening.contains("session 2"))
        #expect(opening.contains("Decisions by consent; silence is not consent"))
        #expect(opening.contains("2. Data sharing agreement stalls at the county · open for 2 sessions"))
        #expect(!opening.contains("Large agencies take credit"))
        #expect(opening.contains("1. Ana (Eastside Tenants): circulate the survey draft"))
        #expect(opening.contains("2. Ben (County Health): bring the data-sharing MOU · due this session"))
        #expect(!opening.contains("Chloe"))
        #expect(second.stdout.contains("- Carried: 1. Ana (Eastside Tenants): circulate the survey draft"))
        #expect(second.stdout.contains("- Still open: 2. Data sharing agreement stalls at the county (open for 2 sessions)"))

        let json = try sandbox.run(["sessions", "show", "2", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let carried = (document["commitmentsCarried"] as! [[String: Any]]).map { $0["number"] as! Int }
        #expect(carried == [1, 2])
        let open = (document["conflictsOpen"] as! [[String: Any]]).map { $0["number"] as! Int }
        #expect(open == [2])
        let firstJSON = try sandbox.run(["sessions", "show", "1", "--format", "json"])
        let firstDoc = try JSONSerialization.jsonObject(with: Data(firstJSON.stdout.utf8)) as! [String: Any]
        let airtime = firstDoc["airtime"] as! [String: Any]
        #expect(abs((airtime["gini"] as! Double) - 2.0 / 9.0) < 1e-9)
    }

    @Test(arguments: [
        ("/commit Ana: send it by someday", "cannot read the date \"someday\""),
        ("/commit Ana: send it by 2026-13-01", "cannot read the date"),
        ("/resolve 7", "no conflict 7"),
        ("/spoke", "/spoke needs a label"),
        ("/done 1", "no commitment 1"),
        ("/timer soon", "/timer takes minutes"),
        ("/web on 127.0.0.1:notaport", "/web on takes ADDRESS[:PORT]"),
    ])
    func badRoomCommandsAreOneLineAndChangeNothing(_ line: String, _ message: String) throws {
        let sandbox = Sandbox()
        let result = try sandbox.run(["start", "monthly-steering", "--group", "G"], input: "/conflict kept\n\(line)\n/conflict never\n")
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.hasPrefix("convene: \(message)"), "got \(result.stderr)")
        let resumed = try sandbox.run(["resume"], input: "/conflicts\n/commitments\n/end\n")
        #expect(resumed.stdout.contains("1. kept"))
        #expect(!resumed.stdout.contains("never"))
        #expect(resumed.stdout.contains("No open commitments"))
    }

    @Test func groupsCommandsAndThresholdSetting() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["groups", "create", "Steering", "--threshold", "4"]).status == 0)
        let low = try sandbox.run(["groups", "set", "Steering", "--threshold", "2"])
        #expect(low.status == 2)
        #expect(low.stderr.contains("threshold 2 refused"))
        let list = try sandbox.run(["groups", "list"])
        #expect(list.stdout.contains("Steering · 0 sessions · threshold 4"))
    }
}
