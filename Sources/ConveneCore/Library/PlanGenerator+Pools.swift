extension PlanGenerator {
    /// The activities that fit the group, by phase, and the break card; minutes are the group's.
    struct Pools: Sendable {
        let size: Int?
        let byPhase: [Phase: [Activity]]
        let pause: Activity?

        init(library: Library, size: Int?) {
            self.size = size
            let usable = library.sortedActivities.filter { !$0.isPulse && $0.phase != nil && (size.map($0.group.fits) ?? true) }
            pause = usable.first { $0.kind == .pause }
            // Sorted by id already, so a seed picks the same cards every time.
            byPhase = Dictionary(grouping: usable.filter { $0.kind != .pause }) { $0.phase ?? .work }
        }

        func of(_ phase: Phase) -> [Activity] { byPhase[phase] ?? [] }

        func minutes(_ activity: Activity) -> Activity.Minutes { activity.minutes(for: size) }
    }
}
