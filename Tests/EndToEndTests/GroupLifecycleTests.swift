import Foundation
import Testing

/// Typos in a group's name, renaming and deleting groups, discarding a session started by mistake:
/// through the binary, with standard input a pipe (a script), so nothing can be asked.
@Suite struct GroupLifecycleTests {
    /// A group with an agreement, an open conflict and a commitment, from one ended session.
    func groupWithMemory(_ sandbox: Sandbox, _ name: String = "Early Literacy Coalition") throws {
        let script = ["/agree we start on time", "/conflict who holds the data", "/commit Ana: send the draft by next-session", "/end"]
        let result = try sandbox.run(["start", "monthly-steering", "--group", name], input: script.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aNameCloseToAnExistingGroupStopsAScriptWithDidYouMean() throws {
        let sandbox = Sandbox()
        try groupWithMemory(sandbox)
        for typo in ["Early Litercy Coalition", "early literacy  coalition", "Éarly Literacy Coalitión"] {
            let result = try sandbox.run(["start", "monthly-steering", "--group", typo], input: "/end\n")
            #expect(result.status == 2, "\(typo): \(result.stdout)")
            #expect(result.stderr.contains("did you mean \"Early Literacy Coalition\"?"), "\(result.stderr)")
            #expect(result.stderr.contains("--new-group"))
        }
        #expect(try sandbox.run(["groups", "list"]).stdout.split(separator: "\n").count == 1, "no group was created")
        // The same name, case aside, is the same group: no question.
        #expect(try sandbox.run(["start", "monthly-steering", "--group", "EARLY LITERACY COALITION"], input: "/end\n").status == 0)
        // A name far from every other is simply new.
        #expect(try sandbox.run(["start", "monthly-steering", "--group", "Housing Table"], input: "/end\n").status == 0)
        #expect(try sandbox.run(["groups", "create", "Early Literacy Coalitions"]).status == 2)
    }

    @Test func newGroupCreatesTheNearDuplicateOnPurpose() throws {
        let sandbox = Sandbox()
        try groupWithMemory(sandbox, "Team North")
        let result = try sandbox.run(["start", "monthly-steering", "--group", "Team South", "--new-group"], input: "/end\n")
        #expect(result.status == 0, "\(result.stderr)")
        let created = try sandbox.run(["groups", "create", "Team Nort", "--new-group"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try sandbox.run(["groups", "list"]).stdout.split(separator: "\n").count == 3)
    }

    @Test func renameKeepsAgreementsConflictsAndCommitments() throws {
        let sandbox = Sandbox()
        try groupWithMemory(sandbox)
        let before = try sandbox.run(["groups", "show", "Early Literacy Coalition"]).stdout
        let renamed = try sandbox.run(["groups", "rename", "Early Literacy Coalition", "Coalición de Lectura"])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        let after = try sandbox.run(["groups", "show", "Coalición de Lectura"])
        #expect(after.status == 0)
        for kept in ["we start on time", "who holds the data", "Ana: send the draft", "1 session"] {
            #expect(before.contains(kept))
            #expect(after.stdout.contains(kept), "\(kept) after the rename: \(after.stdout)")
        }
        #expect(try sandbox.run(["groups", "show", "Early Literacy Coalition"]).status == 2)
        try groupWithMemory(sandbox, "Housing Table")
        let taken = try sandbox.run(["groups", "rename", "Housing Table", "coalición de lectura"])
        #expect(taken.status == 2)
        #expect(taken.stderr.contains("already exists"))
    }

    @Test func deleteAsksAndAScriptNeedsYes() throws {
        let sandbox = Sandbox()
        try groupWithMemory(sandbox)
        let refused = try sandbox.run(["groups", "delete", "Early Literacy Coalition"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--yes"))
        #expect(try sandbox.run(["groups", "show", "Early Literacy Coalition"]).status == 0, "still there")
        let deleted = try sandbox.run(["groups", "delete", "early literacy coalition", "--yes"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("Deleted Early Literacy Coalition (1 session)"))
        #expect(try sandbox.run(["groups", "show", "Early Literacy Coalition"]).status == 2)
        #expect(try sandbox.run(["sessions", "list"]).stdout.contains("No sessions yet"))
        #expect(try sandbox.run(["groups", "delete", "Nobody", "--yes"]).status == 2)
    }

    @Test func discardRemovesAnOpenSessionAndRefusesAnEndedOne() throws {
        let sandbox = Sandbox()
        try groupWithMemory(sandbox)
        let ended = try sandbox.run(["sessions", "discard", "1", "--yes"])
        #expect(ended.status == 2)
        #expect(ended.stderr.contains("has ended and stays in the group's history"))
        // A session started by mistake: it resolves the conflict and adds a commitment, then is left open.
        let mistake = try sandbox.run(
            ["start", "monthly-steering", "--group", "Early Literacy Coalition"],
            input: "/resolve 1 done\n/commit Ben: call the county\n/agree phones away\n/quit\n")
        #expect(mistake.status == 0, "\(mistake.stderr)")
        let unasked = try sandbox.run(["sessions", "discard", "2"])
        #expect(unasked.status == 2)
        #expect(unasked.stderr.contains("--yes"))
        let discarded = try sandbox.run(["sessions", "discard", "2", "--yes"])
        #expect(discarded.status == 0, "\(discarded.stderr)")
        let shown = try sandbox.run(["groups", "show", "Early Literacy Coalition"]).stdout
        #expect(shown.contains("1 session"))
        #expect(shown.contains("who holds the data"), "the conflict it resolved is open again")
        #expect(!shown.contains("call the county"))
        #expect(!shown.contains("phones away"))
        #expect(try sandbox.run(["resume"], input: "").status == 2, "nothing left to resume")
        #expect(try sandbox.run(["sessions", "discard", "9", "--yes"]).status == 2)
    }
}
