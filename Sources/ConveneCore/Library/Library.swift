/// The loaded activity library and plan templates, with the problems found on the way.
/// A file with a problem is left out and reported; everything else still loads.
public struct Library: Sendable {
    public private(set) var activities: [String: Activity] = [:]
    public private(set) var plans: [String: Plan] = [:]
    public private(set) var problems: [LibraryProblem] = []
    /// Every item by id: kept, not sorted again on each use.
    public private(set) var sortedActivities: [Activity] = []

    public init() {}

    /// A library as it was built before, read back from the cache.
    public init(activities: [String: Activity], plans: [String: Plan], problems: [LibraryProblem]) {
        self.activities = activities
        self.plans = plans
        self.problems = problems
        sortedActivities = Self.sorted(activities)
    }

    static func sorted(_ activities: [String: Activity]) -> [Activity] { activities.values.sorted { $0.id < $1.id } }

    public init(files: [LibraryFile]) {
        var layerOf: [String: LibraryFile.Layer] = [:]
        var firstSource: [String: String] = [:]
        var planFiles: [Plan] = []
        for file in files.sorted(by: { ($0.layer, $0.path) < ($1.layer, $1.path) }) {
            if file.isPlan {
                let result = PlanParser.parse(file: file.path, text: file.text)
                problems += result.problems
                if let plan = result.plan { planFiles.append(plan) }
                continue
            }
            let result = ActivityParser.parse(file: file.path, text: file.text)
            problems += result.problems
            guard let activity = result.activity else { continue }
            if let layer = layerOf[activity.id], layer == file.layer {
                problems.append(
                    LibraryProblem(
                        file: file.path, line: 2, message: "duplicate id \"\(activity.id)\" (also in \(firstSource[activity.id] ?? "another file"))"))
                continue
            }
            layerOf[activity.id] = file.layer
            firstSource[activity.id] = file.path
            activities[activity.id] = activity
        }
        sortedActivities = Self.sorted(activities)
        for activity in sortedActivities {
            if let follow = activity.followWith, activities[follow]?.isPulse != true {
                problems.append(
                    LibraryProblem(
                        file: activity.source, line: 2, message: "\"follow-with\" names \"\(follow)\", which is not a pulse question in the library"))
            }
        }
        for plan in planFiles {
            let planProblems = check(plan) + planMinuteProblems(plan) + planItemProblems(plan)
            problems += planProblems
            if planProblems.isEmpty { plans[plan.name] = plan }
        }
    }

    /// Problems of a plan against this library: unknown ids, a pulse named as an activity.
    public func check(_ plan: Plan) -> [LibraryProblem] {
        var found: [LibraryProblem] = []
        for item in plan.agenda {
            if item.business != nil { continue }
            guard let activity = activities[item.id] else {
                let hint = suggestion(for: item.id).map { " (did you mean \"\($0)\"?)" } ?? ""
                found.append(LibraryProblem(file: plan.source, line: item.line, message: "unknown activity \"\(item.id)\"\(hint)"))
                continue
            }
            if item.isPulse && !activity.isPulse {
                found.append(
                    LibraryProblem(
                        file: plan.source, line: item.line, message: "\"\(item.id)\" is an activity, not a pulse question: list it without \"pulse:\""
                    ))
            }
            if activity.schedule == .onDemand {
                found.append(
                    LibraryProblem(
                        file: plan.source, line: item.line,
                        message: "\"\(item.id)\" is on demand (an interrupt for when it is needed): keep it ready, not on the agenda"))
            }
        }
        return found
    }

    public subscript(id: String) -> Activity? { activities[id] }

    /// The closest id by edit distance, for "did you mean".
    public func suggestion(for id: String) -> String? { Self.closest(to: id, among: activities.keys) }

    /// The closest of `names` to `word` by edit distance (ties alphabetically), if close enough to be a typo.
    public static func closest(to word: String, among names: some Sequence<String>) -> String? {
        let scored = names.map { ($0, distance($0, word)) }.filter { $0.1 <= max(2, word.count / 3) }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The minutes an agenda item takes: its own, the activity's typical (for `size` people, when a
    /// round grows with the group), or a pulse's default.
    public func minutes(of item: Plan.Item, size: Int? = nil) -> Int {
        if let business = item.business { return business.minutes }
        if let minutes = item.minutes { return minutes }
        guard let activity = activities[item.id], !activity.isPulse else { return Plan.pulseMinutes }
        return activity.minutes(for: size).typical
    }

    /// The minutes a plan's agenda adds up to.
    public func plannedMinutes(_ plan: Plan, size: Int? = nil) -> Int {
        plan.agenda.reduce(0) { $0 + minutes(of: $1, size: size) }
    }
}
