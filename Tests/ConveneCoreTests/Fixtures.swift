import Foundation

@testable import ConveneCore

enum Fixtures {
    static func card(
        id: String, kind: String = "checkin", intensity: String = "low", minutes: String = "{min: 5, typical: 10, max: 15}",
        steps: String = "1. Round (5 min)\n2. Debrief (5 min)", extra: String = ""
    ) -> String {
        """
        ---
        id: \(id)
        title: Card \(id)
        kind: \(kind)
        values: [collaboration]
        minutes: \(minutes)
        group: {min: 3, max: 30}
        intensity: \(intensity)
        addresses: [trust-decline]
        \(extra)phase: \(kind == "checkout" ? "close" : kind == "checkin" ? "open" : "work")
        per-person: 20
        ---
        ## Purpose
        Why we do it.

        ## Steps
        \(steps)

        ## Say
        "Words."

        ## Debrief
        - A question?

        ## Watch for
        - A risk.

        ## Variations
        - Another way.
        """
    }

    static let pulse = """
        ---
        id: trust-pulse
        title: Trust pulse
        kind: pulse
        question: "I trust this table."
        question-es: "Confío en esta mesa."
        answer: scale
        scale: {min: 1, max: 5, low-label: "no", high-label: "yes", low-label-es: "no", high-label-es: "sí"}
        measures: trust
        reverse: false
        values: [integrity]
        ---
        ## Purpose
        Measures trust.
        """

    static var library: Library {
        Library(files: [
            LibraryFile(path: "activities/arrive.md", text: card(id: "arrive")),
            LibraryFile(
                path: "activities/deep.md",
                text: card(
                    id: "deep", kind: "vulnerability", intensity: "high", minutes: "{min: 20, typical: 30, max: 40}",
                    steps: "1. Write (10 min)\n2. Share (20 min)")),
            LibraryFile(path: "activities/leave.md", text: card(id: "leave", kind: "checkout")),
            LibraryFile(path: "activities/trust-pulse.md", text: pulse),
            LibraryFile(
                path: "sessions/short.yaml",
                text: "title: Short\nminutes: 55\nagenda:\n  - arrive\n  - pulse: trust-pulse\n  - {activity: deep, minutes: 30}\n  - leave\n"),
        ])
    }

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
}
