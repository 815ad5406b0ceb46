import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Segments across pulses, attacked through the binary as a curious facilitator and someone with
/// a copy of the store would (issue 26).
@Suite struct SegmentAttackTests {
    static let question = "\"How much do you trust the county?\" --scale 1-5"

    /// A pass round: each person picks a segment by number, then answers.
    static func round(_ people: [(choice: Int, answer: String)]) -> [String] {
        ["/pass", "closeword"] + people.flatMap { ["\($0.choice)", $0.answer] } + ["closeword", "/close"]
    }

    /// 6 county staff answer 4, 5 school staff answer 2, the one parent answers 1.
    static let room: [(choice: Int, answer: String)] =
        Array(repeating: (1, "4"), count: 6) + Array(repeating: (2, "2"), count: 5) + [(3, "1")]

    @Test func twoDivisionsOfOneQuestionNeverGiveTheParentsAnswer() throws {
        let sandbox = Sandbox()
        let input = ["/present 12", "/pulse \(Self.question) --by \"Where do you work?\" County,Schools,Parents"] + Self.round(Self.room) + ["/end"]
        let first = try sandbox.run(["start", "monthly-steering", "--group", "County table"], input: input.joined(separator: "\n") + "\n")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("County            6 answers · mean 4.00"), "\(first.stdout)")
        // The attacks, each refused in a script (exit 2, the session left to resume): the same
        // segment question with other options, a new segment question, and by category.
        let attacks = [
            (
                "--by \"Where do you work?\" \"County or parent\",Schools",
                "the group's segment question “Where do you work?” (County, Schools, Parents) keeps its options"
            ),
            ("--by \"Which team?\" \"County or parent\",Schools", "was already shown by “Where do you work?” (County, Schools, Parents)"),
            ("--by category", "was already shown by “Where do you work?” (County, Schools, Parents)"),
        ]
        for (index, (by, refusal)) in attacks.enumerated() {
            let lines = (index == 0 ? ["/present 12"] : []) + ["/pulse \(Self.question) \(by)"]
            let run = try sandbox.run(
                index == 0 ? ["start", "monthly-steering", "--group", "County table"] : ["resume"], input: lines.joined(separator: "\n") + "\n")
            #expect(run.status == 2, "\(by): \(run.stdout)")
            #expect(run.stderr.contains(refusal), "\(by): \(run.stderr)")
        }
        // Asked again the group's way, by the question alone: shown as before.
        let again = try sandbox.run(
            ["resume"],
            input: (["/pulse \(Self.question) --by \"Where do you work?\""] + Self.round(Self.room) + ["/end"]).joined(separator: "\n") + "\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("County            6 answers · mean 4.00"), "\(again.stdout)")
        // No surface holds a "County or parent" figure.
        for arguments in [["export", "--group", "County table", "--format", "json"], ["trends", "--group", "County table", "--format", "json"]] {
            let shown = try sandbox.run(arguments)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(!shown.stdout.contains("County or parent"), "\(arguments)")
        }
    }

    /// A segment question declared for the group keeps its options; /pulse --by "Q" asks it.
    @Test func aDeclaredSegmentQuestionKeepsItsOptions() throws {
        let sandbox = Sandbox()
        #expect(try sandbox.run(["groups", "create", "Declared"]).status == 0)
        let declared = try sandbox.run(["groups", "set", "Declared", "--segment", "Where do you work?", "County,Schools", "Parents"])
        #expect(declared.status == 0, "\(declared.stderr)")
        #expect(declared.stdout.contains("segment question “Where do you work?” (County, Schools, Parents)"))
        #expect(
            try sandbox.run(["groups", "show", "Declared"]).stdout.contains("Segment questions: “Where do you work?” (County, Schools, Parents)"))
        let changed = try sandbox.run(["groups", "set", "Declared", "--segment", "where do you work?", "County or parent,Schools"])
        #expect(changed.status == 2 && changed.stderr.contains("keeps its options"), "\(changed.stderr)")
        let bad = try sandbox.run(["groups", "set", "Declared", "--segment", "Only a question?"])
        #expect(bad.status == 2 && bad.stderr.contains("--segment takes a question and its options"), "\(bad.stderr)")
        let run = try sandbox.run(
            ["start", "monthly-steering", "--group", "Declared"],
            input: (["/present 12", "/pulse \(Self.question) --by \"Where do you work?\""] + Self.round(Self.room) + ["/end"]).joined(separator: "\n")
                + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Asked first: “Where do you work?” (County, Schools, Parents, prefer not to say)"), "\(run.stdout)")
    }

    /// A k raised after close hides segments on every surface, as it hides totals; lowered
    /// again, the pulse is held at the k it was asked under, and says so.
    @Test func aRaisedThresholdHidesSegmentsOnEverySurface() throws {
        let sandbox = Sandbox()
        let people: [(choice: Int, answer: String)] =
            Array(repeating: (1, "5"), count: 6) + Array(repeating: (2, "2"), count: 6) + Array(repeating: (3, "4"), count: 5)
        let input = ["/present 17", "/pulse trust-at-this-table --by category"] + Self.round(people) + ["/end"]
        let run = try sandbox.run(["start", "monthly-steering", "--group", "RK"], input: input.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("5 answers · mean 4.00"), "\(run.stdout)")
        #expect(try sandbox.run(["groups", "set", "RK", "--threshold", "10"]).status == 0)
        let surfaces = [
            ["sessions", "show", "1", "--format", "text"], ["sessions", "show", "1", "--format", "md"],
            ["sessions", "show", "1", "--format", "json"],
            ["trends", "--group", "RK", "--format", "text"], ["trends", "--group", "RK", "--format", "json"],
            ["export", "--group", "RK", "--format", "json"], ["export", "--group", "RK", "--format", "csv"], ["signals", "--group", "RK"],
        ]
        for arguments in surfaces {
            let shown = try sandbox.run(arguments)
            #expect(shown.status == 0, "\(arguments): \(shown.stderr)")
            for segment in ["grassroots", "resident", "nonprofit"] {
                for form in [
                    "\(segment)  ", "\"segment\" : \"\(segment)\"", "\"segment\":\"\(segment)\"", ",\(segment),", "\(segment) 5.00",
                    "\(segment) 4.00",
                ] {
                    #expect(!shown.stdout.contains(form), "\(arguments) shows \(form)")
                }
            }
        }
        let html = sandbox.folder + "/trends.html"
        #expect(try sandbox.run(["trends", "--group", "RK", "--format", "html", "--out", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("No segment can be shown without exposing another.") && !page.contains("<td>nonprofit</td>"))
        // In the REPL of the group's next session.
        let next = try sandbox.run(["start", "monthly-steering", "--group", "RK"], input: "/trends\n/end\n")
        #expect(next.stdout.contains("No segment reaches 10 answers"), "\(next.stdout)")
        // Lowered to 3: held at the 5 it was asked under, and the note says 5.
        #expect(try sandbox.run(["groups", "set", "RK", "--threshold", "3"]).status == 0)
        let lowered = try sandbox.run(["trends", "--group", "RK"])
        #expect(lowered.stdout.contains("Segments under 5 answers"), "\(lowered.stdout)")
    }

    /// Two segments tied at k beside one of a single person: which one shows must not depend on
    /// the labels, or renaming the options would show one, then the other, and the total less
    /// both gives the single person's answer. Both are hidden, however they are named.
    @Test func relabellingTheOptionsNeverBreaksATieTheOtherWay() throws {
        let sandbox = Sandbox()
        let people: [(choice: Int, answer: String)] =
            Array(repeating: (1, "4"), count: 5) + Array(repeating: (2, "2"), count: 5) + [(3, "1")]
        var input = ["/present 11", "/pulse \(Self.question) --by \"Team?\" Alpha,Beta,Gamma"] + Self.round(people)
        input += ["/pulse \(Self.question) --by \"Team, again?\" \"Zz Alpha\",\"Aa Beta\",Gamma"] + Self.round(people) + ["/end"]
        let result = try sandbox.run(["start", "monthly-steering", "--group", "Ties"], input: input.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.components(separatedBy: "No segment reaches 5 answers in a way that keeps the others hidden").count == 3, "\(result.stdout)"
        )
        #expect(!result.stdout.contains("other (pooled)"))
    }

    /// The only funder's answer and comment, with the pulse left open: after /quit and after
    /// kill -9, the file's answer rows hold no segment; the resume says the segments were lost.
    @Test func anOpenSegmentedPulseTiesNoOneToAnAnswerInTheFile() throws {
        for stop in ["quit", "kill"] {
            let sandbox = Sandbox()
            let people = Array(repeating: "1\n4 fine by us", count: 6) + ["2\n1 the county ignores us"]
            let lines =
                ["/present 7", "/pulse trust-at-this-table --by \"Which sector?\" nonprofit,funder --force", "/pass", "closeword"] + people + [
                    "closeword"
                ]
            if stop == "quit" {
                let result = try sandbox.run(
                    ["start", "monthly-steering", "--group", "Open"], input: (lines + ["/quit"]).joined(separator: "\n") + "\n")
                #expect(result.status == 0, "\(result.stderr)")
            } else {
                let running = try RunningConvene(["start", "monthly-steering", "--group", "Open"], in: sandbox)
                running.send(lines.joined(separator: "\n") + "\n")
                #expect(running.wait(for: "Round closed: 7 answers"))
                running.killNine()
            }
            var bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: sandbox.store))) ?? Data())
            bytes += [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: sandbox.store + "-wal"))) ?? Data())
            func offsets(_ text: String) -> [Int] {
                let needle = Array(text.utf8)
                return (0...(bytes.count - needle.count)).filter { bytes[$0] == needle[0] && Array(bytes[$0..<($0 + needle.count)]) == needle }
            }
            let comments = offsets("the county ignores us")
            #expect(!comments.isEmpty, "\(stop): the answer should be in the file")
            for funder in offsets("funder") {
                #expect(comments.allSatisfy { abs($0 - funder) > 64 }, "\(stop): \"funder\" at \(funder) beside the comment at \(comments)")
            }
            let resumed = try sandbox.run(["resume"], input: "/close\n/end\n")
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stdout.contains("The segments of pulse 1 were lost when Convene stopped"), "\(stop): \(resumed.stdout)")
            #expect(resumed.stdout.contains("7 answers from 7 present"))
            #expect(!resumed.stdout.contains("By segment: Which sector?\n  nonprofit"))
        }
    }
}
